import { Client } from 'pg';

export function ms(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function fmtMs(value: number): string {
  return value >= 10_000
    ? `${(value / 1000).toFixed(1)} s`
    : value >= 1000
      ? `${(value / 1000).toFixed(2)} s`
      : `${Math.round(value)} ms`;
}

export function fmtInt(value: number): string {
  return value.toLocaleString('en-US');
}

export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'bench' });
  await client.connect();
  return client;
}

export async function tableExists(client: Client, table: string): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>(`select to_regclass($1) is not null as ok`, [
    `public.${table}`,
  ]);
  return rows[0].ok;
}

export async function columnsOf(client: Client, table: string): Promise<Set<string>> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`,
    [table],
  );
  return new Set(rows.map((r) => r.column_name));
}

export function env(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}
