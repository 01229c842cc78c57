import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../../test/harness';
import { createProcedure } from '../../procedures/test/helpers';

export const vn = (local: string) => new Date(`${local}+07:00`);
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/** Uploads a file to the core store (POST /files) and returns its id. */
export async function uploadFile(t: TestApp, token: string, name = 'minh-chung.pdf'): Promise<string> {
  const res = await fetch(`${t.baseUrl}/files`, {
    method: 'POST',
    headers: {
      'content-type': 'application/pdf',
      'x-file-name': encodeURIComponent(name),
      authorization: `Bearer ${token}`,
    },
    body: PDF,
  });
  const body = (await res.json()) as { id?: string };
  if (res.status >= 300 || !body.id) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

export interface Arranged {
  agency: string;
  unit: string;
  channel?: 'COUNTER' | 'ONLINE' | 'POST';
  status: number;
  received?: string;
  resolved?: string;
  timeliness?: 'EARLY' | 'ON_TIME' | 'LATE';
  appointment?: string;
  digitised?: boolean;
  resultDigitised?: boolean;
  rating?: [number, string];
  code?: string;
}

/** Dossiers written with SQL, every edge explicit (the statistics trigger keeps the roll-up). */
export class DossierArranger {
  private n = 0;
  procedure!: { id: string; versionId: string };
  constructor(private readonly t: TestApp) {}

  async init(adminToken: string) {
    const created = await createProcedure(this.t, adminToken, {
      cases: [{ code: 'TH1', name: 'x', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    const [version] = await this.t.sql(
      `select id from procedures_procedure_version where procedure_id = $1`,
      [created.id],
    );
    this.procedure = { id: created.id, versionId: version.id };
  }

  async dossier(o: Arranged): Promise<{ id: string; code: string }> {
    const id = randomUUID();
    const code = o.code ?? `RI-${++this.n}`;
    await this.t.sql(
      `insert into procedures_dossier (id, created_at, updated_at, code, procedure_id, procedure_version_id, case_code, field, channel, status,
        agency_id, unit_id, holder_agency_id, holder_unit_id, involved_unit_ids, applicant_kind, applicant_name, submitted_at, received_at,
        limit_amount, limit_unit, appointment_at, resolved_at, timeliness, result_digitised, components_digitised, receipt_id)
      values ($1, now(), now(), $2, $3, $4, 'TH1', 'Hộ tịch', $5, $6, $7, $8, $7, $8, array[$8]::uuid[], 'CITIZEN', 'Người nộp', $9, $9,
        3, 'WORKING_DAYS', $10, $11, $12, $13, $14, $15)`,
      [
        id,
        code,
        this.procedure.id,
        this.procedure.versionId,
        o.channel ?? 'COUNTER',
        o.status,
        o.agency,
        o.unit,
        o.received ? vn(o.received) : vn('2026-03-01T08:00:00'),
        o.appointment ? vn(o.appointment) : null,
        o.resolved ? vn(o.resolved) : null,
        o.timeliness ?? null,
        o.resultDigitised ?? null,
        o.digitised ?? false,
        randomUUID(),
      ],
    );
    if (o.rating)
      await this.t.sql(
        `insert into procedures_rating (id, created_at, updated_at, dossier_id, rating, rated_at, unit_id, agency_id, field)
         values ($1, now(), now(), $2, $3, $4, $5, $6, 'Hộ tịch')`,
        [randomUUID(), id, o.rating[0], vn(o.rating[1]), o.unit, o.agency],
      );
    return { id, code };
  }

  /** A catalogue version effective on a day, entered in the catalogue at an instant. */
  async version(no: number, effectiveFrom: string, publishedAt: string, unitId: string | null = null) {
    await this.t.sql(
      `insert into procedures_procedure_version (id, created_at, updated_at, procedure_id, version_no, code, name, field, level,
         cases, result_document, effective_from, unit_id)
       select $1, $2, $2, $3, $4, code, name, field, level, cases, result_document, $5, $6
         from procedures_procedure_version where id = $7`,
      [randomUUID(), vn(publishedAt), this.procedure.id, no, effectiveFrom, unitId, this.procedure.versionId],
    );
  }
}
