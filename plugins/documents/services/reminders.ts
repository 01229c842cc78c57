import { optionsOf, type RequestContext } from '../../../src';
import { OfficialDocument } from '../entities/document.entity';
import type { DocumentsOptions } from '../options';
import { sql } from './actor';
import { isOverdue, WORKING_HOUR_MS, workingMsBetween } from './deadline';
import { departmentMemberIds, notify, officialAddressees } from './notifications';

export type ReminderKind = 'APPROACHING' | 'OVERDUE';

/**
 * Deadline reminders for active handlers of open incoming documents: "approaching" when at most
 * DOCUMENTS_REMIND_BEFORE_HOURS working hours are left, "overdue" once the due date is over (the
 * assigning leader is told too, once per lead). Each (handler, kind, due time) is recorded in documents_reminder in
 * the same transaction as the mail job, so a reminder goes out once however often the job runs; a new
 * deadline (reassignment) gets its own reminders.
 */
export async function sendDeadlineReminders(
  ctx: RequestContext,
  now = new Date(),
): Promise<{ approaching: number; overdue: number }> {
  const remindBeforeMs =
    optionsOf<DocumentsOptions>(ctx.app, 'documents').remindBeforeHours * WORKING_HOUR_MS;
  // Without a calendar there is no knowing how many calendar days N working hours span (Tết); 60 days is ample.
  const candidates = await sql<{
    id: string;
    document_id: string;
    agency_id: string;
    due_at: Date;
    role: string;
  }>(
    ctx,
    `select h.id, h.document_id, d.agency_id, h.due_at, h.role::text as role
       from documents_handler h join documents_document d on d.id = h.document_id
      where h.status = 'ACTIVE' and h.due_at is not null and d.status in ('ASSIGNED', 'IN_PROGRESS')
        and h.due_at < ?::timestamptz + interval '60 days'
        and not exists (select 1 from documents_reminder r where r.handler_id = h.id and r.kind = 'OVERDUE' and r.due_at = h.due_at)
      order by h.due_at`,
    [now],
  );
  const sent = { approaching: 0, overdue: 0 };
  for (const candidate of candidates) {
    const dueAt = new Date(candidate.due_at);
    let kind: ReminderKind | null = null;
    if (isOverdue(dueAt, now)) kind = 'OVERDUE';
    else if (
      remindBeforeMs > 0 &&
      dueAt.getTime() > now.getTime() &&
      (await workingMsBetween(ctx, candidate.agency_id, now, dueAt)) <= remindBeforeMs
    )
      kind = 'APPROACHING';
    if (!kind) continue;
    const reminderKind = kind;
    await ctx.transactional(async () => {
      const inserted = await sql(
        ctx,
        `insert into documents_reminder (handler_id, kind, due_at) values (?, ?, ?) on conflict do nothing returning handler_id`,
        [candidate.id, reminderKind, dueAt],
      );
      if (!inserted.length) return;
      const handler = await sql<{ official_id: string | null; department_id: string | null }>(
        ctx,
        `select official_id, department_id from documents_handler where id = ?`,
        [candidate.id],
      );
      const document = await ctx.em.findOneOrFail(OfficialDocument, { id: candidate.document_id });
      const people = [
        handler[0]?.official_id,
        ...(await departmentMemberIds(ctx, [handler[0]?.department_id])),
      ];
      if (reminderKind === 'OVERDUE') {
        await notify.deadlinePassed(
          ctx,
          document,
          await officialAddressees(ctx, [
            ...people,
            candidate.role === 'LEAD' ? document.assignedById : null,
          ]),
          dueAt,
        );
        sent.overdue++;
      } else {
        await notify.deadlineApproaching(ctx, document, await officialAddressees(ctx, people), dueAt);
        sent.approaching++;
      }
    });
  }
  return sent;
}
