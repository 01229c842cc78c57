import type { RequestContext } from '../../../src';
import { directory } from '../../staff';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentTraceStep } from '../entities/trace.entity';
import { TraceAction } from '../entities/enums';
import { currentActor } from './actor';

let lastAt = 0;

/** Strictly increasing instants within the process, so steps written in one request keep their order. */
export function traceInstant(at = new Date()): Date {
  const ms = Math.max(at.getTime(), lastAt + 1);
  lastAt = ms;
  return new Date(ms);
}

/** Appends a step to a document's trace in the current transaction (flushed with the change). */
export async function addTrace(
  ctx: RequestContext,
  document: OfficialDocument,
  action: TraceAction,
  options: { summary?: string | null; note?: string | null; at?: Date } = {},
): Promise<DocumentTraceStep> {
  const actor = await currentActor(ctx);
  const agency = await directory.agency(ctx, document.agencyId);
  return ctx.em.create(DocumentTraceStep, {
    document,
    at: traceInstant(options.at),
    action,
    actorOfficialId: actor.officialId,
    actorName: actor.name,
    agencyName: agency?.name ?? null,
    summary: options.summary ?? null,
    note: options.note?.trim() || null,
  });
}
