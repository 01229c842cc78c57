import { subscribe } from '../../src';
import {
  OfficialJoined,
  OfficialLeft,
  OfficialMoved,
  OfficialReinstated,
  OfficialSuspended,
  UnitReorganised,
} from '../staff';
import { lifecycle } from './services/lifecycle.service';

/** The staff register drives the mailboxes: each reaction is a durable, retried, idempotent job. */
export const emailSubscribers = [
  subscribe(OfficialJoined, 'email-accounts.on-official-joined', (p, ctx) =>
    lifecycle.reconcileOfficial(ctx, p.officialId),
  ),
  subscribe(OfficialMoved, 'email-accounts.on-official-moved', (p, ctx) =>
    lifecycle.reconcileOfficial(ctx, p.officialId, p.fromAgencyIds),
  ),
  subscribe(OfficialSuspended, 'email-accounts.on-official-suspended', (p, ctx) =>
    lifecycle.officialSuspended(ctx, p.officialId),
  ),
  subscribe(OfficialReinstated, 'email-accounts.on-official-reinstated', (p, ctx) =>
    lifecycle.officialReinstated(ctx, p.officialId),
  ),
  subscribe(OfficialLeft, 'email-accounts.on-official-left', (p, ctx) =>
    lifecycle.officialLeft(ctx, p.officialId),
  ),
  subscribe(UnitReorganised, 'email-accounts.on-unit-reorganised', (_p, ctx) =>
    lifecycle.unitReorganised(ctx),
  ),
];
