import { pgArray, type RequestContext } from '../../../src';
import { directory, officials } from '../../staff';

/**
 * The official's work email follows their primary mailbox: the oldest personal mailbox that is not
 * deleted (one that can be used — ACTIVE or REQUESTED — before a suspended one). With none left, a
 * work email in one of the platform's own domains is cleared; an address elsewhere is left alone.
 * Staff's documents and camera notifications go to this address. Called after every change to an
 * official's personal mailboxes, in the same transaction.
 */
/** The same for many officials whose new mailboxes were just written (bulk provisioning): set-based. */
export async function followPrimaryMailboxes(ctx: RequestContext, officialIds: string[]): Promise<void> {
  if (!officialIds.length) return;
  const rows = await ctx.em.execute<Array<{ official_id: string; address: string }>>(
    `select distinct on (m.official_id) m.official_id, m.address from email_accounts_mailbox m
      where m.official_id = any(?::uuid[]) and m.kind = 'PERSONAL' and m.state <> 'DELETED'
      order by m.official_id, (m.state in ('ACTIVE', 'REQUESTED')) desc, m.created_at, m.address`,
    [pgArray([...new Set(officialIds)])],
  );
  await officials.setWorkEmails(
    ctx,
    rows.map((r) => ({ officialId: r.official_id, email: r.address })),
    'email-accounts.primary-mailbox',
  );
}

export async function followPrimaryMailbox(
  ctx: RequestContext,
  officialIds: Iterable<string>,
): Promise<void> {
  for (const officialId of new Set(officialIds)) {
    const [primary] = await ctx.em.execute<Array<{ address: string }>>(
      `select m.address from email_accounts_mailbox m
        where m.official_id = ? and m.kind = 'PERSONAL' and m.state <> 'DELETED'
        order by (m.state in ('ACTIVE', 'REQUESTED')) desc, m.created_at, m.address limit 1`,
      [officialId],
    );
    if (primary) {
      await officials.setWorkEmail(ctx, officialId, primary.address, 'email-accounts.primary-mailbox');
      continue;
    }
    const email = (await directory.official(ctx, officialId))?.email?.toLowerCase();
    const domain = email?.split('@')[1];
    const managed =
      domain &&
      (await ctx.em.execute(`select 1 from email_accounts_domain where name = ?`, [domain])).length > 0;
    if (managed) await officials.setWorkEmail(ctx, officialId, null, 'email-accounts.primary-mailbox');
  }
}
