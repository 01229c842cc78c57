import { getNamedType, GraphQLInputType, GraphQLNamedType, isEnumType } from 'graphql';
import { createTestApp, TestApp } from '../harness';
import { discoverPlugins } from '../../src/plugin/discovery';
import { GeneratedOperation, operationFor, rootFields, ValueSource } from './schema-operations';

/**
 * The authorization matrix, generated from the schema: every query (with only its required
 * arguments, and again with every optional one) and every mutation, each argument filled with the
 * records of one commune (phường Hồng Gai of the demo province), sent by personas who have no
 * business with that commune: an officer and a leader of two other communes, a specialist of a
 * provincial department, the leader of another province (a province-wide scope), and anonymous. The province's auditor is added for the writes (the role
 * reads the province but writes nothing).
 *
 * It asserts:
 * - no answer carries an id or dossier code of Hồng Gai's own records (dossiers, their receipts,
 *   components and ratings, devices, documents, mailboxes, audit entries);
 * - no mutation changes a row of Hồng Gai (its agency, unit, desks, officials, and the records
 *   above) or adds a row pointing at one;
 * - no answer is an internal error.
 *
 * A new query or mutation enters the matrix by itself. See test/security/README.md.
 */

interface Persona {
  label: string;
  token?: string;
  writes: boolean;
}

/** Tables whose rows a refused request may add (bookkeeping, never domain data). */
const BOOKKEEPING_TABLES = new Set([
  'core_audit_entry',
  'core_rate_limit',
  'core_migrations',
  'core_seed',
  'migrations',
]);

describe('security: authorization matrix generated from the schema', () => {
  let t: TestApp;
  const ids: Record<string, string[]> = {};
  /** Strings that must never reach a persona: ids and codes of Hồng Gai's own records. */
  const secrets = new Set<string>();
  const secretIds: Record<string, string[]> = {};
  /** Every id of Hồng Gai (public ones too): writes must leave their rows alone. */
  let ownIds: string[] = [];
  let personas: Persona[] = [];

  beforeAll(async () => {
    t = await createTestApp({ plugins: discoverPlugins() });
    await t.app.runSeeds({ demo: true });
    const admin = t.token('root', ['platform-admin']);
    const one = async <R>(sql: string, params: unknown[] = []) => (await t.sql<R>(sql, params))[0];
    const list = async (sql: string, params: unknown[] = []) =>
      (await t.sql<{ id: string }>(sql, params)).map((r) => r.id);

    const unitA = (
      await one<{ id: string }>(`select id from staff_unit where code = '06685' and valid_to is null`)
    ).id;
    const agencyA = (await one<{ id: string }>(`select id from staff_agency where unit_id = $1`, [unitA])).id;

    // A mail domain and a mailbox of Hồng Gai (the demo has none), through the API.
    const domain = (
      await t.query(
        `mutation($input: CreateMailDomainInput!) { createMailDomain(input: $input) { id } }`,
        {
          input: {
            agencyId: agencyA,
            name: 'honggai.quangninh.gov.vn',
            defaultQuotaMb: 1024,
            maxMailboxes: 10,
            maxQuotaMb: 2048,
          },
        },
        { token: admin },
      )
    ).createMailDomain;
    const officialA = (
      await one<{ id: string }>(
        `select official_id as id from staff_assignment where agency_id = $1 limit 1`,
        [agencyA],
      )
    ).id;
    const mailbox = (
      await t.query(
        `mutation($input: CreateMailboxInput!) { createMailbox(input: $input) { id address } }`,
        { input: { domainId: domain.id, officialId: officialA, deliverTo: 'honggai@example.org' } },
        { token: admin },
      )
    ).createMailbox;

    // Hồng Gai's own dossiers: received, resolved, held and involving Hồng Gai only.
    const dossiers = await t.sql<{ id: string; code: string }>(
      `select d.id, d.code from procedures_dossier d
        where d.agency_id = $1 and coalesce(d.competent_agency_id, $1) = $1
          and coalesce(d.holder_agency_id, $1) = $1
          and not exists (select 1 from unnest(coalesce(d.involved_agency_ids, '{}'::uuid[])) x where x <> $1)
          and not exists (select 1 from procedures_dossier_step s where s.dossier_id = d.id
                           and (coalesce(s.to_agency_id, $1) <> $1 or coalesce(s.from_agency_id, $1) <> $1))`,
      [agencyA],
    );
    const dossierIds = dossiers.map((d) => d.id);
    ids.dossier = dossierIds;
    ids.receipt = await list(`select id from procedures_receipt where dossier_id = any($1)`, [dossierIds]);
    ids.component = await list(`select id from procedures_dossier_component where dossier_id = any($1)`, [
      dossierIds,
    ]);
    ids.rating = await list(`select id from procedures_rating where dossier_id = any($1)`, [dossierIds]);
    ids.device = await list(`select id from cameras_device where unit_id = $1`, [unitA]);
    ids.document = await list(
      `select d.id from documents_document d where d.agency_id = $1 and d.source_document_id is null
          and not exists (select 1 from documents_recipient r where r.document_id = d.id and r.agency_id <> $1)`,
      [agencyA],
    );
    ids.audit = await list(`select id from core_audit_entry where agency_id = $1 or unit_id = $2`, [
      agencyA,
      unitA,
    ]);
    ids.mailbox = [mailbox.id];
    ids.mailDomain = [domain.id];
    for (const kind of Object.keys(ids)) {
      secretIds[kind] = ids[kind];
      for (const id of ids[kind]) secrets.add(id);
    }
    for (const d of dossiers) secrets.add(d.code);
    secrets.add(mailbox.address);

    // Public records of Hồng Gai: targets for writes, not secrets.
    ids.agency = [agencyA];
    ids.unit = [unitA];
    ids.official = await list(`select official_id as id from staff_assignment where agency_id = $1`, [
      agencyA,
    ]);
    ids.centre = await list(`select id from staff_one_stop_centre where agency_id = $1`, [agencyA]);
    ids.desk = await list(`select id from staff_desk where centre_id = any($1)`, [ids.centre]);
    ids.department = await list(`select id from staff_department where agency_id = $1`, [agencyA]);
    ids.register = await list(`select id from documents_register where agency_id = $1`, [agencyA]);
    ids.procedure = await list(`select id from procedures_procedure limit 1`);
    ownIds = Object.values(ids).flat();
    for (const [kind, values] of Object.entries(ids))
      if (!values.length && kind !== 'procedure') throw new Error(`the demo has no ${kind} of Hồng Gai`);

    const personaToken = async (fullName: string, role: string) => {
      const row = await one<{ username: string }>(
        `select username from staff_official where full_name = $1`,
        [fullName],
      );
      if (!row) throw new Error(`demo official ${fullName} is missing`);
      return t.token(row.username, [role]);
    };
    // A provincial leader whose scope is a whole province — another one: the demo's own provincial
    // leader covers Hồng Gai by design, so the province-wide persona comes from Hải Phòng, made
    // through the API like any province a platform admin adds.
    const haiPhong = (
      await t.query(
        `mutation($input: CreateUnitInput!) { createAdministrativeUnit(input: $input) { id } }`,
        {
          input: { code: '31', name: 'Thành phố Hải Phòng', type: 'CENTRAL_CITY', validFrom: '2025-07-01' },
        },
        { token: admin },
      )
    ).createAdministrativeUnit.id;
    const haiPhongCommittee = (
      await t.query(
        `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
        {
          input: {
            unitId: haiPhong,
            kind: 'PEOPLES_COMMITTEE',
            name: 'UBND thành phố Hải Phòng',
            electronicId: '000.00.00.H26',
          },
        },
        { token: admin },
      )
    ).createAgency.id;
    const haiPhongLeader = (
      await t.query(
        `mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { username } }`,
        {
          input: {
            fullName: 'Phạm Văn Lâm',
            position: 'LEADER',
            title: 'Phó Chủ tịch UBND thành phố',
            postings: [{ agencyId: haiPhongCommittee, primary: true }],
            roles: [{ role: 'leader', unitId: haiPhong }],
          },
        },
        { token: admin },
      )
    ).createOfficial.username;

    // The persona's control: its token finds the official (so its refusals are scope, not identity).
    const me = await t.query(
      `{ me { official { fullName } } }`,
      {},
      { token: t.token(haiPhongLeader, ['leader']) },
    );
    if (me.me?.official?.fullName !== 'Phạm Văn Lâm') throw new Error('the Hải Phòng leader has no official');

    personas = [
      {
        label: 'leader of thành phố Hải Phòng (province-wide scope)',
        token: t.token(haiPhongLeader, ['leader']),
        writes: true,
      },
      {
        label: 'officer of phường Bãi Cháy',
        token: await personaToken('Ngô Quang Huy', 'one-stop-officer'),
        writes: true,
      },
      {
        label: 'leader of phường Hạ Long',
        token: await personaToken('Mai Xuân Trường', 'leader'),
        writes: true,
      },
      {
        label: 'specialist of Sở Tư pháp',
        token: await personaToken('Lý Thị Hồng Nhung', 'specialist'),
        writes: true,
      },
      { label: 'anonymous', writes: true },
      { label: 'auditor of the province', token: t.token('auditor', ['auditor']), writes: true },
    ];
  }, 300_000);
  afterAll(async () => t?.close());

  /** Fills every argument with Hồng Gai's records, choosing the kind of record by the argument's name. */
  function hongGaiValues(context: string): ValueSource {
    const KINDS: Array<[RegExp, string]> = [
      [/receipt/i, 'receipt'],
      [/component/i, 'component'],
      [/rating/i, 'rating'],
      [/dossier/i, 'dossier'],
      [/attachment|document|handler|recipient/i, 'document'],
      [/register/i, 'register'],
      [/device|camera|kiosk/i, 'device'],
      [/mailbox|delegate/i, 'mailbox'],
      [/domain|alias/i, 'mailDomain'],
      [/audit/i, 'audit'],
      [/official|holder|signer|assignee|custodian|actor/i, 'official'],
      [/department/i, 'department'],
      [/desk|counter/i, 'desk'],
      [/centre|center/i, 'centre'],
      [/agency/i, 'agency'],
      [/unit/i, 'unit'],
      [/procedure/i, 'procedure'],
    ];
    const idFor = (name: string) => {
      const key = /^ids?$/i.test(name) ? context : name;
      const kind = KINDS.find(([pattern]) => pattern.test(key))?.[1] ?? 'dossier';
      return ids[kind][0] ?? ids.dossier[0];
    };
    return {
      leaf(type: GraphQLNamedType, name: string) {
        if (isEnumType(type)) return type.getValues()[0].value;
        switch (type.name) {
          case 'ID':
            return idFor(name);
          case 'Int':
            return /first|last|limit|size/i.test(name) ? 5 : /year/i.test(name) ? 2026 : 1;
          case 'Float':
            return 1;
          case 'Boolean':
            return true;
          case 'Date':
            return '2026-03-02';
          case 'DateTimeISO':
          case 'DateTime':
            return '2026-03-02T02:00:00.000Z';
          case 'String':
            if (/code/i.test(name)) return [...secrets].find((s) => /^[A-Z0-9.-]+-\d/.test(s)) ?? 'X';
            if (/email|address|deliver/i.test(name)) return 'probe@example.org';
            if (/url/i.test(name)) return 'https://example.org/';
            return /^ids?$/i.test(name) ? idFor(name) : 'kiểm tra';
          default:
            return idFor(name);
        }
      },
      fillOptional(name: string, type: GraphQLInputType) {
        const named = getNamedType(type).name;
        return named === 'ID' || /id$|ids$|code/i.test(name);
      },
      listLength: () => 1,
    };
  }

  function operations(): Array<GeneratedOperation & { label: string }> {
    const out: Array<GeneratedOperation & { label: string }> = [];
    for (const field of rootFields('query')) {
      const ctx = `${field.name} ${getNamedType(field.type).name}`;
      out.push({
        ...operationFor('query', field, hongGaiValues(ctx), false),
        label: `${field.name} (required)`,
      });
      if (field.args.length)
        out.push({
          ...operationFor('query', field, hongGaiValues(ctx), true),
          label: `${field.name} (all ids)`,
        });
    }
    for (const field of rootFields('mutation')) {
      const ctx = `${field.name} ${getNamedType(field.type).name}`;
      out.push({ ...operationFor('mutation', field, hongGaiValues(ctx), true), label: field.name });
    }
    return out;
  }

  /**
   * Every write to a domain table is logged by a trigger (installed in this test's database only),
   * so a crossed write is seen at once: a logged row that carries one of Hồng Gai's ids.
   */
  async function watchWrites(): Promise<void> {
    await t.sql(
      `create table matrix_write_log (id bigserial primary key, tbl text not null, op text not null, row_text text not null)`,
    );
    await t.sql(`create function matrix_log_write() returns trigger language plpgsql as $$
      begin
        insert into matrix_write_log (tbl, op, row_text)
        values (tg_table_schema || '.' || tg_table_name, tg_op,
                coalesce(row_to_json(new)::text, '') || coalesce(row_to_json(old)::text, ''));
        return null;
      end $$`);
    const tables = await t.sql<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema in ('public', 'graphile_worker')
          and table_name <> 'matrix_write_log'`,
    );
    for (const table of tables) {
      if (BOOKKEEPING_TABLES.has(table.name)) continue;
      await t.sql(
        `create trigger matrix_log after insert or update or delete on "${table.schema}"."${table.name}"
           for each row execute function matrix_log_write()`,
      );
    }
  }

  /** The tables whose logged writes since the last call touched one of Hồng Gai's rows. */
  async function crossedWrites(): Promise<string[]> {
    const rows = await t.sql<{ tbl: string; op: string; row_text: string }>(
      `delete from matrix_write_log returning tbl, op, row_text`,
    );
    const hits = rows.filter((r) => ownIds.some((id) => r.row_text.includes(id)));
    return [...new Set(hits.map((r) => `${r.op} ${r.tbl}`))];
  }

  /**
   * Hồng Gai's secrets in an answer. An error may name the id the caller sent ("Dossier … was not
   * found" — the same words whether the record exists or not); anything else is a leak.
   */
  function leakedSecrets(op: GeneratedOperation, res: { data?: unknown; errors?: unknown[] }): string[] {
    const data = JSON.stringify(res.data ?? null);
    const errors = JSON.stringify(res.errors ?? []);
    const sent = JSON.stringify(op.variables);
    return [...secrets].filter((s) => data.includes(s) || (errors.includes(s) && !sent.includes(s)));
  }

  it("the generated reads reach Hồng Gai's records: the platform admin sees them (the control)", async () => {
    const admin = t.token('root', ['platform-admin']);
    const seen = new Set<string>();
    for (const op of operations()) {
      if (op.kind !== 'query') continue;
      const res = await t.request(op.document, op.variables, { token: admin });
      const data = JSON.stringify(res.data ?? null);
      for (const [kind, values] of Object.entries(secretIds))
        if (values.some((id) => data.includes(id))) seen.add(kind);
    }
    process.stdout.write(
      `authorization matrix control: the platform admin's reads show ${[...seen].sort().join(', ')}\n`,
    );
    // The kinds a generated read reaches; a persona seeing none of them is then a real refusal.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['device', 'document', 'dossier', 'mailbox']));
  }, 300_000);

  it('no persona reads or writes a record of another commune, and nothing answers with an internal error', async () => {
    const leaks: string[] = [];
    const internal: string[] = [];
    const writes: string[] = [];
    let checks = 0;
    const ops = operations();
    await watchWrites();
    await crossedWrites();
    // The detector's own control: a write to one of Hồng Gai's rows is seen.
    await t.sql(`update staff_desk set id = id where id = $1`, [ids.desk[0]]);
    expect(await crossedWrites()).toEqual(['UPDATE public.staff_desk']);
    for (const persona of personas) {
      for (const op of ops) {
        if (op.kind === 'query' && persona.label.startsWith('auditor')) continue; // the auditor reads the province
        if (op.kind === 'mutation' && !persona.writes) continue;
        const res = await t.request(op.document, op.variables, persona.token ? { token: persona.token } : {});
        checks++;
        const leaked = leakedSecrets(op, res);
        if (leaked.length) leaks.push(`${persona.label} · ${op.label}: ${leaked.slice(0, 3).join(', ')}`);
        const codes = (res.errors ?? []).map((e) => e.extensions?.code);
        if (res.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR'))
          internal.push(`${persona.label} · ${op.label}: ${res.status} ${res.errors?.[0]?.message}`);
        if (op.kind === 'mutation') {
          const changed = await crossedWrites();
          if (changed.length) writes.push(`${persona.label} · ${op.label}: ${changed.join(', ')}`);
        }
      }
    }
    // Figures for the closing note: how many checks ran, how many leaked.
    process.stdout.write(
      `authorization matrix: ${checks} checks over ${ops.length} operations and ${personas.length} personas; ` +
        `${leaks.length} reads leaked, ${writes.length} writes crossed, ${internal.length} internal errors\n`,
    );
    expect({ leaks, writes, internal }).toEqual({ leaks: [], writes: [], internal: [] });
  }, 900_000);
});
