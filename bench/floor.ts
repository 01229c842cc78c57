import http from 'node:http';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { benchPinHash, benchVerifyPin } from './lib/pin';

/**
 * The floor: the same work sent directly with `pg` from a tiny HTTP server (a child process, like
 * the two GraphQL servers, so HTTP and JSON are paid by all three). One route per scenario, the body
 * is the scenario's variables; no GraphQL, no ORM, no authentication or scope checks. Each route
 * sends the fewest statements that answer the scenario (usually one, building the JSON in SQL),
 * and keeps the work the product requires by rule (the keyed-hash PIN check of the citizen lookup,
 * a new hashed PIN per received dossier).
 *
 *   node dist/bench/floor.js <port>   (DATABASE_URL = the benchmark database; POOL_MAX, default 10)
 */
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_MAX ?? 10),
  application_name: 'bench-floor',
});

type Handler = (vars: Record<string, unknown>) => Promise<unknown>;

const one = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0] ?? null;

const routes: Record<string, Handler> = {
  'dossier-by-code': async (v) =>
    one(
      `select d.id, d.code, d.status, d.received_at as "receivedAt", d.appointment_at as "appointmentAt", d.applicant_name as "applicantName",
            json_build_object('code', p.code, 'name', p.name) as procedure
       from procedures_dossier d join procedures_procedure p on p.id = d.procedure_id where d.code = $1`,
      [v.code],
    ),

  'desk-list': async (v) =>
    (
      await one(
        `with page as (
       select d.id, d.code, d.status, d.received_at, d.submitted_at, d.applicant_name, d.procedure_id
         from procedures_dossier d where d.agency_id = $1
        order by coalesce(d.received_at, d.submitted_at) desc, d.code desc limit 20)
     select json_build_object(
       'totalCount', (select count(*) from procedures_dossier where agency_id = $1),
       'nodes', (select coalesce(json_agg(json_build_object('code', p.code, 'status', p.status, 'receivedAt', p.received_at, 'applicantName', p.applicant_name,
           'procedure', json_build_object('code', pr.code, 'name', pr.name),
           'steps', (select json_agg(json_build_object('seq', s.seq, 'action', s.action, 'givenAt', s.given_at) order by s.seq)
                       from procedures_dossier_step s where s.dossier_id = p.id))
         order by coalesce(p.received_at, p.submitted_at) desc, p.code desc), '[]')
         from page p join procedures_procedure pr on pr.id = p.procedure_id)) as result`,
        [v.agencyId],
      )
    ).result,

  'statistics-ward': async (v) =>
    (await one(`select bench_pg.dossier_statistics($1, $2, $3) as result`, [v.unitId, v.from, v.to])).result,
  'statistics-province': async (v) =>
    (await one(`select bench_pg.dossier_statistics($1, $2, $3) as result`, [v.unitId, v.from, v.to])).result,
  coverage: async (v) => (await one(`select bench_pg.camera_coverage($1) as result`, [v.unitId])).result,

  // The counters of QĐ 766's on-time (2.1) and online (4.3) criteria from procedures' period roll-up
  // (whole months from the monthly roll-up, edge days from the daily one), as ours reads them.
  // Every unit of the bench data is the province or a unit it replaced, so no unit filter is needed.
  'service-index-province': async (v) => {
    const row = await one(
      `select coalesce(sum(resolved_early + resolved_on_time), 0)::int as in_time,
              coalesce(sum(resolved_early + resolved_on_time + resolved_late), 0)::int as resolved,
              coalesce(sum(received_online), 0)::int as online,
              coalesce(sum(received_online + received_direct), 0)::int as received
         from procedures_period_stat($1::date, $2::date)`,
      [v.from, v.to],
    );
    return {
      criteria: [
        { code: '2.1', numerator: row.in_time, denominator: row.resolved },
        { code: '4.3', numerator: row.online, denominator: row.received },
      ],
    };
  },

  'citizen-lookup': async (v) => {
    const row = await one(
      `select d.pin_hash, bench_pg.lookup_timeline(d.code) as result from procedures_dossier d where d.code = $1`,
      [v.code],
    );
    if (!row || !(await benchVerifyPin(String(v.secret), row.pin_hash))) return { error: 'NOT_FOUND' };
    return row.result;
  },

  receive: async (v) => {
    const ctx = await one(
      `select p.id as procedure_id, v.id as version_id, p.field, v.cases, v.components, v.fees, a.electronic_id, a.unit_id, a.name as agency_name
         from procedures_procedure p
         join lateral (select * from procedures_procedure_version x where x.procedure_id = p.id and x.effective_from <= current_date order by x.version_no desc limit 1) v on true
         join staff_agency a on a.id = $2
        where p.code = $1`,
      [v.procedureCode, v.agencyId],
    );
    if (!ctx) return { error: 'NOT_FOUND' };
    const limit = ctx.cases[0].limits[0];
    const now = new Date();
    const appointment = new Date(now.getTime() + Math.ceil(limit.amount * 1.4) * 86_400_000);
    const pinHash = benchPinHash(String(Math.floor(Math.random() * 1e6)).padStart(6, '0'));
    const applicant = v.applicant as { name: string; idNumber: string; phone: string; address: string };
    const client = await pool.connect();
    try {
      await client.query('begin');
      const local = new Date(now.getTime() + 7 * 3_600_000).toISOString();
      const period = `D${local.slice(0, 10)}`;
      const seq = (
        await client.query(
          `insert into procedures_code_counter (agency_id, period, value) values ($1, $2, 1)
        on conflict (agency_id, period) do update set value = procedures_code_counter.value + 1 returning value`,
          [v.agencyId, period],
        )
      ).rows[0].value;
      const code = `${ctx.electronic_id}-${local.slice(2, 4)}${local.slice(5, 7)}${local.slice(8, 10)}-${String(seq).padStart(4, '0')}`;
      const id = randomUUID();
      const receiptId = randomUUID();
      const fee = (ctx.fees as Array<{ amount: number }>).reduce((sum, f) => sum + f.amount, 0);
      await client.query(
        `insert into procedures_dossier (id, created_at, updated_at, code, procedure_id, procedure_version_id, case_code, field, channel, status,
          agency_id, unit_id, desk_id, received_by_id, received_by_name, holder_agency_id, holder_unit_id, involved_unit_ids, involved_agency_ids,
          applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_address, submitted_at, received_at,
          limit_amount, limit_unit, appointment_at, original_appointment_at, components_digitised, fee_total, pin_hash, rating_token_hash, receipt_id)
        values ($1, now(), now(), $2, $3, $4, 'TH1', $5, 'COUNTER', 2, $6, $7, $8, null, $9, $6, $7, array[$7::uuid], array[$6::uuid],
          'CITIZEN', $10, $11, $12, $13, now(), now(), $14, 'WORKING_DAYS', $15, $15, false, $16, $17, $18, $19)`,
        [
          id,
          code,
          ctx.procedure_id,
          ctx.version_id,
          ctx.field,
          v.agencyId,
          ctx.unit_id,
          v.deskId,
          'Cán bộ một cửa',
          applicant.name,
          applicant.idNumber,
          applicant.phone,
          applicant.address,
          limit.amount,
          appointment,
          fee,
          pinHash,
          createHash('sha256').update(randomBytes(32)).digest('hex'),
          receiptId,
        ],
      );
      await client.query(
        `insert into procedures_dossier_component (id, created_at, updated_at, dossier_id, code, name, originals, copies, digitisation, position)
        select gen_random_uuid(), now(), now(), $1, c->>'code', c->>'name', (c->>'originals')::int, (c->>'copies')::int, 'NOT_DIGITISED', (o - 1)::int
          from jsonb_array_elements($2::jsonb) with ordinality as t(c, o)`,
        [id, JSON.stringify(ctx.components)],
      );
      await client.query(
        `insert into procedures_receipt (id, created_at, updated_at, dossier_id, issued_at, issued_by_name, kind, data)
        values ($1, now(), now(), $2, now(), 'Cán bộ một cửa', 'INTAKE', $3)`,
        [
          receiptId,
          id,
          JSON.stringify({
            dossierCode: code,
            agencyName: ctx.agency_name,
            applicantName: applicant.name,
            components: ctx.components,
            appointmentAt: appointment,
          }),
        ],
      );
      await client.query(
        `insert into procedures_dossier_step (id, created_at, updated_at, dossier_id, seq, action, handover, from_status, to_status, actor_name,
          to_agency_id, given_at, received_at, finished_at, form)
        values (gen_random_uuid(), now(), now(), $1, 1, 'RECEIVE_AT_COUNTER', false, null, 2, 'Cán bộ một cửa', $2, now(), now(), now(), 'RECEIPT')`,
        [id, v.agencyId],
      );
      await client.query(
        `insert into procedures_dossier_deadline (dossier_id, since, due_at, paused) values ($1, now(), $2, false)`,
        [id, appointment],
      );
      await client.query(
        `insert into core_audit_entry (id, at, request_id, actor_subject, actor_name, action, entity_type, entity_id, unit_id, agency_id, after)
        values (gen_random_uuid(), now(), $1, null, 'bench-floor', 'procedures.dossier.receive', 'Dossier', $2, $3, $4, $5)`,
        [randomUUID(), id, ctx.unit_id, v.agencyId, JSON.stringify({ code, receiptId })],
      );
      await client.query('commit');
      return { dossierId: id, dossierCode: code, appointmentAt: appointment };
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  },

  transfer: async (v) =>
    transaction(async (client) => {
      const row = (
        await client.query(
          `select id, status, version, agency_id, unit_id, appointment_at, holder_department_id, transfer_pending
      from procedures_dossier where id = $1 for update`,
          [v.dossierId],
        )
      ).rows[0];
      if (!row || ![2, 4].includes(row.status) || row.transfer_pending || row.version !== v.version)
        return { error: 'DOSSIER_INVALID_TRANSITION' };
      await client.query(
        `update procedures_dossier_step set finished_at = now(), updated_at = now()
      where id = (select id from procedures_dossier_step where dossier_id = $1 and handover and finished_at is null order by seq desc limit 1)`,
        [v.dossierId],
      );
      const updated = (
        await client.query(
          `update procedures_dossier set status = 4, holder_department_id = $2, transfer_pending = true, version = version + 1, updated_at = now()
      where id = $1 returning id, status, version, holder_department_id, transfer_pending`,
          [v.dossierId, v.toDepartmentId],
        )
      ).rows[0];
      await client.query(
        `insert into procedures_dossier_step (id, created_at, updated_at, dossier_id, seq, action, handover, from_status, to_status, actor_name,
        from_agency_id, from_department_id, to_agency_id, to_department_id, given_at, due_at)
      values (gen_random_uuid(), now(), now(), $1, (select coalesce(max(seq), 0) + 1 from procedures_dossier_step where dossier_id = $1), 'TRANSFER', true, $5, 4,
        'Cán bộ một cửa', $2, $6, $2, $3, now(), $4)`,
        [
          v.dossierId,
          row.agency_id,
          v.toDepartmentId,
          row.appointment_at,
          row.status,
          row.holder_department_id,
        ],
      );
      await audit(client, 'procedures.dossier.transfer', v.dossierId, row.unit_id, row.agency_id, {
        toDepartmentId: v.toDepartmentId,
      });
      return {
        id: updated.id,
        status: updated.status,
        version: updated.version,
        holderDepartmentId: updated.holder_department_id,
        transferPending: updated.transfer_pending,
      };
    }),

  accept: async (v) =>
    transaction(async (client) => {
      const row = (
        await client.query(
          `select id, status, version, unit_id, holder_agency_id, transfer_pending from procedures_dossier where id = $1 for update`,
          [v.dossierId],
        )
      ).rows[0];
      if (!row || row.status !== 4 || !row.transfer_pending || row.version !== v.version)
        return { error: 'DOSSIER_INVALID_TRANSITION' };
      await client.query(
        `update procedures_dossier_step set received_at = now(), updated_at = now()
      where id = (select id from procedures_dossier_step where dossier_id = $1 and handover and finished_at is null order by seq desc limit 1)`,
        [v.dossierId],
      );
      const updated = (
        await client.query(
          `update procedures_dossier set transfer_pending = false, version = version + 1, updated_at = now()
      where id = $1 returning id, status, version, transfer_pending`,
          [v.dossierId],
        )
      ).rows[0];
      await audit(
        client,
        'procedures.dossier.accept-transfer',
        v.dossierId,
        row.unit_id,
        row.holder_agency_id,
        {},
      );
      return {
        id: updated.id,
        status: updated.status,
        version: updated.version,
        transferPending: updated.transfer_pending,
      };
    }),
};

async function transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

async function audit(
  client: PoolClient,
  action: string,
  entityId: unknown,
  unitId: unknown,
  agencyId: unknown,
  after: object,
): Promise<void> {
  await client.query(
    `insert into core_audit_entry (id, at, request_id, actor_subject, actor_name, action, entity_type, entity_id, unit_id, agency_id, after)
    values (gen_random_uuid(), now(), $1, null, 'bench-floor', $2, 'Dossier', $3, $4, $5, $6)`,
    [randomUUID(), action, entityId, unitId, agencyId, JSON.stringify(after)],
  );
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const handler = routes[(req.url ?? '').replace(/^\//, '')];
  if (req.method !== 'POST' || !handler) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let vars: Record<string, unknown>;
    try {
      vars = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      res.writeHead(400).end();
      return;
    }
    handler(vars).then(
      (data) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data })),
      (error) =>
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: String(error?.message ?? error) })),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
