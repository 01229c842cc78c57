import { Migration } from '@mikro-orm/migrations';

/**
 * Mail domains, the one address namespace, mailboxes, aliases and distribution lists, delegates of
 * shared mailboxes and credential deliveries; the views Dovecot and Postfix read, and the two
 * read-only NOLOGIN roles that may read them (deployments create LOGIN users that are members).
 */
export class Migration20261123000000_email_accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type email_accounts_address_rule as enum ('GIVEN_INITIALS', 'FULL', 'GIVEN_DOT_FAMILY')`,
    );
    this.addSql(`create type email_accounts_address_kind as enum ('MAILBOX', 'ALIAS')`);
    this.addSql(`create type email_accounts_mailbox_kind as enum ('PERSONAL', 'SHARED')`);
    this.addSql(
      `create type email_accounts_mailbox_state as enum ('REQUESTED', 'ACTIVE', 'SUSPENDED', 'DELETED')`,
    );
    this.addSql(
      `create type email_accounts_suspension as enum ('ADMIN', 'OFFICIAL_SUSPENDED', 'OFFICIAL_LEFT')`,
    );
    this.addSql(`create type email_accounts_alias_kind as enum ('ALIAS', 'LIST')`);
    this.addSql(`create type email_accounts_list_source as enum ('MANUAL', 'AGENCY', 'DEPARTMENT')`);
    this.addSql(`create type email_accounts_delivery_kind as enum ('INITIAL', 'RESET')`);
    this.addSql(`create type email_accounts_delivery_state as enum ('PENDING', 'SENT', 'CANCELLED')`);

    this.addSql(`create table email_accounts_domain (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      name text not null check (name = lower(name) and name ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
      agency_id uuid not null references staff_agency (id) on update cascade on delete restrict,
      unit_id uuid not null references staff_unit (id) on update cascade on delete restrict,
      address_rule email_accounts_address_rule not null default 'GIVEN_INITIALS',
      max_mailboxes int not null check (max_mailboxes > 0),
      default_quota_mb int not null check (default_quota_mb > 0),
      max_quota_mb int not null check (max_quota_mb > 0),
      create_on_join boolean not null default false,
      leaver_mailbox_id uuid null,
      retention_days int not null default 30 check (retention_days between 0 and 3650),
      quota_warning_percent int not null default 90 check (quota_warning_percent between 1 and 99),
      active boolean not null default true,
      check (default_quota_mb <= max_quota_mb))`);
    this.addSql(`create unique index email_accounts_domain_name_unique on email_accounts_domain (name)`);
    this.addSql(`create index email_accounts_domain_agency_idx on email_accounts_domain (agency_id)`);
    this.addSql(`create index email_accounts_domain_unit_idx on email_accounts_domain (unit_id)`);

    // One namespace for every deliverable address: a mailbox and an alias can never share one,
    // whatever the case (addresses are stored in lower case and the check refuses anything else).
    this.addSql(`create table email_accounts_address (
      address text primary key check (address = lower(address) and address ~ '^[a-z0-9]([a-z0-9._-]*[a-z0-9])?@[a-z0-9.-]+$'),
      kind email_accounts_address_kind not null,
      domain_id uuid not null references email_accounts_domain (id) on update cascade on delete restrict,
      created_at timestamptz not null default now(),
      constraint email_accounts_address_kind_unique unique (address, kind))`);
    this.addSql(`create index email_accounts_address_domain_idx on email_accounts_address (domain_id)`);

    this.addSql(`create table email_accounts_mailbox (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      domain_id uuid not null references email_accounts_domain (id) on update cascade on delete restrict,
      unit_id uuid not null references staff_unit (id) on update cascade on delete restrict,
      address text not null,
      address_kind email_accounts_address_kind not null default 'MAILBOX' check (address_kind = 'MAILBOX'),
      kind email_accounts_mailbox_kind not null,
      official_id uuid null references staff_official (id) on update cascade on delete set null,
      display_name text not null,
      state email_accounts_mailbox_state not null default 'REQUESTED',
      state_since timestamptz not null,
      suspension email_accounts_suspension null,
      delete_after timestamptz null,
      quota_mb int not null check (quota_mb > 0),
      used_bytes bigint not null default 0 check (used_bytes >= 0),
      usage_updated_at timestamptz null,
      quota_warned_percent int null,
      password_hash text null check (password_hash is null or password_hash like '$argon2id$%'),
      password_set_at timestamptz null,
      must_change_password boolean not null default true,
      forward_to_mailbox_id uuid null references email_accounts_mailbox (id) on update cascade on delete set null,
      constraint email_accounts_mailbox_address_unique unique (address),
      constraint email_accounts_mailbox_address_fk foreign key (address, address_kind)
        references email_accounts_address (address, kind) on update cascade on delete cascade deferrable initially deferred,
      check (kind = 'PERSONAL' or official_id is null),
      check ((state = 'DELETED') = (delete_after is not null)),
      check (state = 'SUSPENDED' or suspension is null),
      check (forward_to_mailbox_id is null or forward_to_mailbox_id <> id))`);
    // One live personal mailbox per official and domain (a deleted one may wait for its purge).
    this
      .addSql(`create unique index email_accounts_mailbox_official_domain_unique on email_accounts_mailbox (official_id, domain_id)
      where official_id is not null and state <> 'DELETED'`);
    this.addSql(
      `create index email_accounts_mailbox_domain_idx on email_accounts_mailbox (domain_id, state)`,
    );
    this.addSql(`create index email_accounts_mailbox_unit_idx on email_accounts_mailbox (unit_id)`);
    this.addSql(`create index email_accounts_mailbox_official_idx on email_accounts_mailbox (official_id)`);
    this.addSql(
      `create index email_accounts_mailbox_forward_idx on email_accounts_mailbox (forward_to_mailbox_id)`,
    );
    this.addSql(
      `create index email_accounts_mailbox_purge_idx on email_accounts_mailbox (delete_after) where state = 'DELETED'`,
    );
    this.addSql(`alter table email_accounts_domain add constraint email_accounts_domain_leaver_mailbox_fk
      foreign key (leaver_mailbox_id) references email_accounts_mailbox (id) on update cascade on delete set null`);
    this.addSql(`create index email_accounts_domain_leaver_idx on email_accounts_domain (leaver_mailbox_id)`);

    this.addSql(`create table email_accounts_alias (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      domain_id uuid not null references email_accounts_domain (id) on update cascade on delete restrict,
      unit_id uuid not null references staff_unit (id) on update cascade on delete restrict,
      address text not null,
      address_kind email_accounts_address_kind not null default 'ALIAS' check (address_kind = 'ALIAS'),
      kind email_accounts_alias_kind not null,
      name text null,
      source email_accounts_list_source not null default 'MANUAL',
      source_agency_id uuid null references staff_agency (id) on update cascade on delete set null,
      source_department_id uuid null references staff_department (id) on update cascade on delete set null,
      official_id uuid null references staff_official (id) on update cascade on delete cascade,
      active boolean not null default true,
      constraint email_accounts_alias_address_unique unique (address),
      constraint email_accounts_alias_address_fk foreign key (address, address_kind)
        references email_accounts_address (address, kind) on update cascade on delete cascade deferrable initially deferred,
      check (source = 'MANUAL' or kind = 'LIST'),
      check ((source = 'AGENCY') = (source_agency_id is not null) or source <> 'AGENCY'),
      check (source <> 'DEPARTMENT' or source_department_id is not null))`);
    this.addSql(`create index email_accounts_alias_domain_idx on email_accounts_alias (domain_id)`);
    this.addSql(`create index email_accounts_alias_unit_idx on email_accounts_alias (unit_id)`);
    this.addSql(`create index email_accounts_alias_official_idx on email_accounts_alias (official_id)`);
    this.addSql(
      `create index email_accounts_alias_source_agency_idx on email_accounts_alias (source_agency_id)`,
    );
    this.addSql(
      `create index email_accounts_alias_source_department_idx on email_accounts_alias (source_department_id)`,
    );

    this.addSql(`create table email_accounts_alias_target (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      alias_id uuid not null references email_accounts_alias (id) on update cascade on delete cascade,
      mailbox_id uuid null references email_accounts_mailbox (id) on update cascade on delete cascade,
      external_address text null check (external_address is null or (external_address = lower(external_address) and external_address ~ '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$')),
      automatic boolean not null default false,
      check ((mailbox_id is null) <> (external_address is null)),
      constraint email_accounts_alias_target_mailbox_unique unique (alias_id, mailbox_id),
      constraint email_accounts_alias_target_external_unique unique (alias_id, external_address))`);
    this.addSql(
      `create index email_accounts_alias_target_mailbox_idx on email_accounts_alias_target (mailbox_id)`,
    );

    this.addSql(`create table email_accounts_mailbox_delegate (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      mailbox_id uuid not null references email_accounts_mailbox (id) on update cascade on delete cascade,
      official_id uuid not null references staff_official (id) on update cascade on delete cascade,
      constraint email_accounts_mailbox_delegate_unique unique (mailbox_id, official_id))`);
    this.addSql(
      `create index email_accounts_mailbox_delegate_official_idx on email_accounts_mailbox_delegate (official_id)`,
    );

    // Who gets the next password of a mailbox, and whether it went out. Never the password itself.
    this.addSql(`create table email_accounts_credential_delivery (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      mailbox_id uuid not null references email_accounts_mailbox (id) on update cascade on delete cascade,
      kind email_accounts_delivery_kind not null,
      state email_accounts_delivery_state not null default 'PENDING',
      recipient text not null,
      generation int not null default 0,
      sent_at timestamptz null,
      requested_by text null)`);
    this.addSql(
      `create index email_accounts_credential_delivery_mailbox_idx on email_accounts_credential_delivery (mailbox_id, state)`,
    );

    // Where the mail server keeps mail and as whom: a deployment concern, so settings of the reading
    // role (ALTER ROLE ... SET email_accounts.vmail_dir = '...'), with the container's defaults.
    this
      .addSql(`create function email_accounts_setting(name text, fallback text) returns text language sql stable as $$
      select coalesce(nullif(current_setting('email_accounts.' || name, true), ''), fallback) $$`);

    // Dovecot passdb: only ACTIVE mailboxes with a password may sign in.
    this.addSql(`create view email_accounts_dovecot_passdb as
      select m.address as "user", '{ARGON2ID}' || m.password_hash as password
        from email_accounts_mailbox m join email_accounts_domain d on d.id = m.domain_id
       where m.state = 'ACTIVE' and d.active and m.password_hash is not null`);
    // Dovecot userdb: also SUSPENDED mailboxes, so that LMTP keeps delivering to them.
    this.addSql(`create view email_accounts_dovecot_userdb as
      select m.address as "user",
             email_accounts_setting('vmail_dir', '/var/vmail') || '/' || d.name || '/' || split_part(m.address, '@', 1) as home,
             'maildir:~/Maildir' as mail,
             email_accounts_setting('vmail_uid', '5000')::int as uid,
             email_accounts_setting('vmail_gid', '5000')::int as gid,
             '*:storage=' || m.quota_mb || 'M' as quota_rule
        from email_accounts_mailbox m join email_accounts_domain d on d.id = m.domain_id
       where m.state in ('ACTIVE', 'SUSPENDED') and d.active`);
    // Dovecot master passdb: a delegate signs in to a shared mailbox as "shared@domain*own@domain"
    // with their own password; both mailboxes must be ACTIVE.
    this.addSql(`create view email_accounts_dovecot_delegate as
      select o.address as "user", s.address as login_user, '{ARGON2ID}' || o.password_hash as password
        from email_accounts_mailbox_delegate g
        join email_accounts_mailbox s on s.id = g.mailbox_id and s.kind = 'SHARED' and s.state = 'ACTIVE'
        join email_accounts_domain sd on sd.id = s.domain_id and sd.active
        join email_accounts_mailbox o on o.official_id = g.official_id and o.kind = 'PERSONAL' and o.state = 'ACTIVE' and o.password_hash is not null
        join email_accounts_domain od on od.id = o.domain_id and od.active`);

    // Postfix: virtual_mailbox_domains, virtual_mailbox_maps, virtual_alias_maps.
    this.addSql(`create view email_accounts_postfix_domain as
      select name as domain from email_accounts_domain where active`);
    this.addSql(`create view email_accounts_postfix_mailbox as
      select m.address, d.name || '/' || split_part(m.address, '@', 1) || '/Maildir/' as maildir
        from email_accounts_mailbox m join email_accounts_domain d on d.id = m.domain_id
       where m.state in ('ACTIVE', 'SUSPENDED') and d.active`);
    this.addSql(`create view email_accounts_postfix_alias as
      select a.address, coalesce(tm.address, t.external_address) as goto
        from email_accounts_alias a
        join email_accounts_domain d on d.id = a.domain_id and d.active
        join email_accounts_alias_target t on t.alias_id = a.id
        left join email_accounts_mailbox tm on tm.id = t.mailbox_id
       where a.active and (t.mailbox_id is null or tm.state in ('ACTIVE', 'SUSPENDED'))
      union all
      select m.address, f.address as goto
        from email_accounts_mailbox m
        join email_accounts_domain d on d.id = m.domain_id and d.active
        join email_accounts_mailbox f on f.id = m.forward_to_mailbox_id
       where f.state in ('ACTIVE', 'SUSPENDED')`);

    // Roles are cluster-wide: create them once (a DBA may have created them already; concurrent
    // migrations of several databases on one server race, hence the exception handler).
    for (const role of ['email_accounts_dovecot', 'email_accounts_postfix']) {
      this.addSql(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = '${role}') then
          create role ${role} nologin;
        end if;
      exception when duplicate_object or unique_violation then null;
      end $$`);
    }
    this.addSql(
      `grant select on email_accounts_dovecot_passdb, email_accounts_dovecot_userdb, email_accounts_dovecot_delegate to email_accounts_dovecot`,
    );
    this.addSql(
      `grant select on email_accounts_postfix_domain, email_accounts_postfix_mailbox, email_accounts_postfix_alias to email_accounts_postfix`,
    );
  }

  override async down(): Promise<void> {
    // The roles stay: they are cluster-wide and other databases may use them.
    for (const view of [
      'email_accounts_postfix_alias',
      'email_accounts_postfix_mailbox',
      'email_accounts_postfix_domain',
      'email_accounts_dovecot_delegate',
      'email_accounts_dovecot_userdb',
      'email_accounts_dovecot_passdb',
    ]) {
      this.addSql(`drop view if exists ${view}`);
    }
    this.addSql(`drop function if exists email_accounts_setting(text, text)`);
    this.addSql(
      `alter table email_accounts_domain drop constraint if exists email_accounts_domain_leaver_mailbox_fk`,
    );
    for (const table of [
      'email_accounts_credential_delivery',
      'email_accounts_mailbox_delegate',
      'email_accounts_alias_target',
      'email_accounts_alias',
      'email_accounts_mailbox',
      'email_accounts_address',
      'email_accounts_domain',
    ]) {
      this.addSql(`drop table if exists ${table}`);
    }
    for (const type of [
      'email_accounts_delivery_state',
      'email_accounts_delivery_kind',
      'email_accounts_list_source',
      'email_accounts_alias_kind',
      'email_accounts_suspension',
      'email_accounts_mailbox_state',
      'email_accounts_mailbox_kind',
      'email_accounts_address_kind',
      'email_accounts_address_rule',
    ]) {
      this.addSql(`drop type if exists ${type}`);
    }
  }
}
