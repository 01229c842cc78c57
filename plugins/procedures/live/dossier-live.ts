import { Arg, Authorized, Field, ID, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { defineLiveTopic, filterCovers, liveSubscription, type RequestContext } from '../../../src';
import { DossierAction, DossierChannel, DossierStatus } from '../domain/enums';
import { ProceduresPermissions } from '../permissions';

/** What travels between processes when a dossier changes: ids and statuses only (NOTIFY is < 8 kB). */
export interface DossierChangedPayload {
  dossierId: string;
  code: string;
  action: DossierAction;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  channel: DossierChannel;
  unitId: string;
  agencyId: string;
  holderUnitId: string;
  holderAgencyId: string;
  holderDepartmentId: string | null;
  involvedUnitIds: string[];
  involvedAgencyIds: string[];
  /** ISO instant of the change. */
  at: string;
}

/** Every transition of a dossier, sent after it commits (see auditTransition). */
export const DossierChanged = defineLiveTopic<DossierChangedPayload>('procedures.dossier.changed');

@ObjectType({ description: 'A dossier changed: the transition made; read the dossier for the rest' })
export class DossierLiveEvent {
  @Field(() => ID)
  dossierId!: string;

  @Field()
  code!: string;

  @Field(() => DossierAction)
  action!: DossierAction;

  @Field(() => DossierStatus, { nullable: true })
  fromStatus!: DossierStatus | null;

  @Field(() => DossierStatus)
  toStatus!: DossierStatus;

  @Field(() => DossierChannel)
  channel!: DossierChannel;

  @Field(() => ID, { description: 'Receiving agency' })
  agencyId!: string;

  @Field(() => ID, { description: 'Agency that holds it after the change' })
  holderAgencyId!: string;

  @Field(() => ID, { nullable: true, description: 'Department that holds it (null: the one-stop desk)' })
  holderDepartmentId!: string | null;

  @Field()
  at!: Date;
}

/** Who may read the dossier the event is about: the rule of `canSee`, over the event's ids. */
async function mayRead(payload: DossierChangedPayload, ctx: RequestContext): Promise<boolean> {
  if (!ctx.has(ProceduresPermissions.dossiersRead)) return false;
  return filterCovers(
    await ctx.scopeFilter(ProceduresPermissions.dossiersRead),
    [payload.unitId, payload.holderUnitId, ...payload.involvedUnitIds],
    [payload.agencyId, payload.holderAgencyId, ...payload.involvedAgencyIds],
  );
}

const toEvent = (p: DossierChangedPayload): DossierLiveEvent => ({ ...p, at: new Date(p.at) });

@Resolver()
export class DossierLiveResolver {
  @Authorized(ProceduresPermissions.dossiersRead)
  @Subscription(() => DossierLiveEvent, {
    description:
      "A desk's incoming online dossiers: each dossier submitted online to the agency, as it arrives (the subscriber must be able to read it)",
    subscribe: liveSubscription<DossierChangedPayload, { agencyId: string }>(
      DossierChanged,
      async (p, ctx, args) =>
        p.action === DossierAction.SUBMIT_ONLINE && p.agencyId === args.agencyId && (await mayRead(p, ctx)),
    ),
  })
  incomingOnlineDossiers(
    @Arg('agencyId', () => ID) _agencyId: string,
    @Root() payload: DossierChangedPayload,
  ): DossierLiveEvent {
    return toEvent(payload);
  }

  @Authorized(ProceduresPermissions.dossiersRead)
  @Subscription(() => DossierLiveEvent, {
    description:
      'Status changes of the dossiers held within your scope (optionally only those held by one agency or department)',
    subscribe: liveSubscription<
      DossierChangedPayload,
      { heldByAgencyId?: string; heldByDepartmentId?: string }
    >(
      DossierChanged,
      async (p, ctx, args) =>
        p.fromStatus !== p.toStatus &&
        (!args.heldByAgencyId || p.holderAgencyId === args.heldByAgencyId) &&
        (!args.heldByDepartmentId || p.holderDepartmentId === args.heldByDepartmentId) &&
        (await mayRead(p, ctx)),
    ),
  })
  dossierStatusChanged(
    @Root() payload: DossierChangedPayload,
    @Arg('heldByAgencyId', () => ID, { nullable: true }) _heldByAgencyId?: string,
    @Arg('heldByDepartmentId', () => ID, { nullable: true }) _heldByDepartmentId?: string,
  ): DossierLiveEvent {
    return toEvent(payload);
  }
}
