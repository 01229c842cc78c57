import type { Client } from 'pg';
import { GEN, type GenSettings, type Step } from './common';

/**
 * Official mailboxes: one domain for the province (the provincial committee's), personal mailboxes
 * for the first active officials and a shared mailbox per agency of today, with a distribution list
 * per agency that reaches its officials' mailboxes.
 */
export function mailSteps(s: GenSettings): Step[] {
  const N = s.counts.mailboxes;
  const domain = `md5('mail-domain:quangninh')::uuid`;
  return [
    {
      table: 'email_accounts_domain',
      async run(c: Client) {
        return (
          await c.query(`insert into email_accounts_domain (id, created_at, updated_at, name, agency_id, unit_id, address_rule, max_mailboxes, default_quota_mb, max_quota_mb,
            create_on_join, retention_days, quota_warning_percent, active)
          select ${domain}, now(), now(), 'quangninh.gov.vn', a.id, a.unit_id, 'GIVEN_INITIALS', 20000, 2048, 10240, true, 30, 90, true
            from ${GEN}.agency a where a.era = 'NEW' and a.level = 1 and a.k = 0`)
        ).rowCount;
      },
    },
    {
      table: 'email_accounts_mailbox (+ addresses)',
      async run(c: Client) {
        const shared = Number(
          (await c.query(`select count(*) from ${GEN}.agency where era = 'NEW'`)).rows[0].count,
        );
        const personal = Math.max(0, N - shared);
        await c.query(`create unlogged table ${GEN}.mailbox as
          select md5('mailbox:' || o.username)::uuid as id, o.username || '@quangninh.gov.vn' as address, 'PERSONAL' as kind, o.id as official_id,
                 o.full_name as display_name, a.unit_id, a.ord as agency_ord, o.n
            from (select * from ${GEN}.official where status = 'ACTIVE' order by n limit ${personal}) o join ${GEN}.agency a on a.ord = o.agency_ord
          union all
          select md5('mailbox:agency' || a.ord)::uuid, 'vanthu.' || a.ord || '@quangninh.gov.vn', 'SHARED', null, 'Văn thư ' || a.name, a.unit_id, a.ord, null
            from ${GEN}.agency a where a.era = 'NEW'`);
        await c.query(`insert into email_accounts_address (address, kind, domain_id, created_at)
          select address, 'MAILBOX', ${domain}, now() from ${GEN}.mailbox`);
        return (
          await c.query(`insert into email_accounts_mailbox (id, created_at, updated_at, domain_id, unit_id, address, address_kind, kind, official_id, display_name,
            state, state_since, quota_mb, used_bytes, usage_updated_at, must_change_password)
          select id, now(), now(), ${domain}, unit_id, address, 'MAILBOX', kind::email_accounts_mailbox_kind, official_id, display_name,
                 'ACTIVE', now(), 2048, (${GEN}.h(coalesce(n, agency_ord), 101) % 2000) * 1048576, now(), false
            from ${GEN}.mailbox`)
        ).rowCount;
      },
    },
    {
      table: 'email_accounts_alias (+ targets)',
      async run(c: Client) {
        await c.query(`insert into email_accounts_address (address, kind, domain_id, created_at)
          select 'ds.' || a.ord || '@quangninh.gov.vn', 'ALIAS', ${domain}, now() from ${GEN}.agency a where a.era = 'NEW'`);
        const lists =
          await c.query(`insert into email_accounts_alias (id, created_at, updated_at, domain_id, unit_id, address, address_kind, kind, name, source, source_agency_id, active)
          select md5('alias:' || a.ord)::uuid, now(), now(), ${domain}, a.unit_id, 'ds.' || a.ord || '@quangninh.gov.vn', 'ALIAS', 'LIST', 'Toàn thể ' || a.name, 'AGENCY', a.id, true
            from ${GEN}.agency a where a.era = 'NEW'`);
        const targets =
          await c.query(`insert into email_accounts_alias_target (id, created_at, updated_at, alias_id, mailbox_id, external_address, automatic)
          select md5('alias-target:' || m.id)::uuid, now(), now(), md5('alias:' || m.agency_ord)::uuid, m.id, null, true
            from ${GEN}.mailbox m where m.kind = 'PERSONAL'`);
        return (lists.rowCount ?? 0) + (targets.rowCount ?? 0);
      },
    },
  ];
}
