/**
 * `node dist/plugins/email-accounts/cli/provision.js --domain <name> (--agency | --csv <file.csv>) [--dry-run] [--out <results.csv>]`
 * (after `npm run build`)
 *
 * Creates the mailboxes of a whole agency (every active official posted there) or of the rows of a
 * CSV file (header: username, local_part, display_name, quota_mb, deliver_to) in ONE transaction, as
 * the platform (system context). Shows progress, then a summary and the result of every row (also
 * written to --out as CSV). Safe to re-run: existing mailboxes are skipped. Interrupted (Ctrl-C), it
 * leaves nothing: the transaction is rolled back. The credential mails are sent by the running
 * server's job worker afterwards (one job per mailbox, enqueued in the same transaction).
 * Exit code 0: every row created or skipped; 1: some rows failed (the others were created);
 * 2: nothing done (bad arguments, unknown domain, unreadable file).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { parseArgs, withScriptApp, type App } from '../../../src';
import { MailDomain } from '../entities/mail-domain.entity';
import { provisioning, type ProvisionReport } from '../services/provisioning.service';

export interface ProvisionCommandOptions {
  /** Domain name (halong.quangninh.gov.vn) or id. */
  domain: string;
  agency?: boolean;
  csvFile?: string;
  dryRun?: boolean;
  outFile?: string;
  output?: NodeJS.WritableStream;
  progressStream?: NodeJS.WritableStream;
}

const USAGE =
  'usage: provision --domain <name> (--agency | --csv <file.csv>) [--dry-run] [--out <results.csv>]';

/** The command on a booted app; returns the exit code. */
export async function provisionCommand(
  app: Pick<App, 'systemContext'>,
  options: ProvisionCommandOptions,
): Promise<number> {
  const out = options.output ?? process.stdout;
  const write = (line = '') => out.write(`${line}\n`);
  if (!options.domain || !!options.agency === !!options.csvFile) {
    write(USAGE);
    return 2;
  }
  let csv: string | undefined;
  if (options.csvFile) {
    try {
      csv = fs.readFileSync(options.csvFile, 'utf8');
    } catch (error) {
      write(`Cannot read ${options.csvFile}: ${(error as Error).message}`);
      return 2;
    }
  }
  const ctx = app.systemContext();
  const key = options.domain.trim().toLowerCase();
  const domain = await ctx.em.findOne(MailDomain, /^[0-9a-f-]{36}$/.test(key) ? { id: key } : { name: key });
  if (!domain) {
    write(`No mail domain ${options.domain}`);
    return 2;
  }

  const bar = new SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total} {duration_formatted}',
      stream: options.progressStream ?? process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      // Also when piped (CI logs, `| tee`): a line every second instead of a redrawn bar.
      noTTYOutput: true,
      notTTYSchedule: 1000,
    },
    Presets.shades_classic,
  );
  let phase: string | null = null;
  const onProgress = (p: 'plan' | 'write', done: number, total: number) => {
    const label = p === 'plan' ? 'checking' : 'creating';
    if (phase !== label) {
      if (phase) bar.stop();
      bar.start(total, 0, { phase: label });
      phase = label;
    }
    bar.update(done, { phase: label });
  };

  const started = process.hrtime.bigint();
  let report: ProvisionReport;
  try {
    report = await provisioning.provision(
      ctx,
      { domainId: domain.id, wholeAgency: !!options.agency, csv, dryRun: !!options.dryRun },
      onProgress,
    );
  } catch (error) {
    if (phase) bar.stop();
    write(`Nothing was created: ${(error as Error).message}`);
    return 2;
  }
  if (phase) bar.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  write(
    `${report.dryRun ? 'Dry run (nothing written) for' : 'Mailboxes of'} ${report.domain}: ${report.total} rows, ` +
      `${report.created} ${report.dryRun ? 'to create' : 'created'}, ${report.skipped} skipped (existing), ${report.failed} failed, in ${seconds.toFixed(1)} s`,
  );
  const queued = report.rows.filter((r) => r.credentialsQueued).length;
  if (!report.dryRun && queued) write(`${queued} credential mails queued (sent by the server's job worker).`);
  for (const row of report.rows.filter((r) => r.status === 'FAILED'))
    write(`  row ${row.row}${row.username ? ` (${row.username})` : ''}: ${row.message}`);
  for (const row of report.rows.filter((r) => r.status !== 'FAILED' && r.message))
    write(`  row ${row.row} ${row.address}: ${row.message}`);
  if (options.outFile) {
    const lines = [
      'row,username,address,status,credentials_queued,message',
      ...report.rows.map((r) =>
        [r.row, r.username ?? '', r.address ?? '', r.status, r.credentialsQueued, r.message ?? '']
          .map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v)))
          .join(','),
      ),
    ];
    fs.writeFileSync(options.outFile, `${lines.join('\n')}\n`);
    write(`Results per row: ${options.outFile}`);
  }
  return report.failed ? 1 : 0;
}

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2));
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const code = await withScriptApp((app) =>
    provisionCommand(app, {
      domain: text('domain') ?? '',
      agency: flags.agency === true,
      csvFile: text('csv'),
      dryRun: flags['dry-run'] === true,
      outFile: text('out'),
    }),
  );
  process.exit(code);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
