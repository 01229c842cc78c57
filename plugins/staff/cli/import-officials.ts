/**
 * `node dist/plugins/staff/cli/import-officials.js <file.csv> [--dry-run]`
 * (npm run staff:import-officials -- <file.csv> [--dry-run])
 *
 * Imports officials from CSV as the platform (system context): every row is checked first, then the
 * valid ones are created in one transaction. Shows progress, then a summary and the errors per row.
 * Exit code 0: all rows imported or unchanged; 1: some rows invalid (the others were imported);
 * 2: nothing imported (unreadable file, wrong header, or a row refused while writing).
 * The Keycloak accounts are created by the running server's job worker afterwards.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { parseArgs, withScriptApp, type App, type RequestContext } from '../../../src';
import { officialImport, type ImportProgress, type ImportResult } from '../services/official-import.service';

export interface ImportCommandOptions {
  file: string;
  dryRun: boolean;
  /** Where the summary goes (default stdout); the progress bar goes to stderr when it is a terminal. */
  output?: NodeJS.WritableStream;
  progressStream?: NodeJS.WritableStream;
}

/** The command itself, on a booted app: returns the exit code. */
export async function importOfficialsCommand(
  app: Pick<App, 'systemContext'>,
  options: ImportCommandOptions,
): Promise<number> {
  const out = options.output ?? process.stdout;
  const write = (line = '') => out.write(`${line}\n`);
  let csv: string;
  try {
    csv = fs.readFileSync(options.file, 'utf8');
  } catch (error) {
    write(`Cannot read ${options.file}: ${(error as Error).message}`);
    return 2;
  }
  const bar = new SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total}',
      stream: options.progressStream ?? process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let phase: ImportProgress['phase'] | null = null;
  const onProgress = (p: ImportProgress) => {
    const label = p.phase === 'validate' ? 'checking' : 'creating';
    if (phase !== p.phase) {
      if (phase) bar.stop();
      bar.start(p.total, 0, { phase: label });
      phase = p.phase;
    }
    bar.update(p.done, { phase: label });
  };
  const ctx: RequestContext = app.systemContext();
  let result: ImportResult;
  try {
    result = await officialImport.import(ctx, csv, { dryRun: options.dryRun, onProgress });
  } catch (error) {
    if (phase) bar.stop();
    write(`Nothing was imported: ${(error as Error).message}`);
    return 2;
  }
  if (phase) bar.stop();
  write(summary(result, options.file));
  return result.invalid ? 1 : 0;
}

export function summary(result: ImportResult, file: string): string {
  const lines = [
    `${result.dryRun ? 'Dry run of' : 'Imported'} ${file}: ${result.total} row(s)`,
    `  ${result.dryRun ? 'would create' : 'created'}: ${result.dryRun ? result.rows.filter((r) => r.status === 'WOULD_CREATE').length : result.created}`,
    `  unchanged (already there): ${result.unchanged}`,
    `  invalid (not imported): ${result.invalid}`,
  ];
  for (const row of result.rows.filter((r) => r.errors.length)) {
    for (const e of row.errors)
      lines.push(`  line ${row.row}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
  }
  if (!result.dryRun && result.created)
    lines.push("Keycloak accounts follow through the job queue (the server's worker runs them).");
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { flags, positional } = parseArgs(process.argv.slice(2));
  const file = positional[0];
  if (!file || flags.help) {
    process.stdout.write('usage: import-officials <file.csv> [--dry-run]\n');
    return file ? 0 : 2;
  }
  return withScriptApp((app) => importOfficialsCommand(app, { file, dryRun: flags['dry-run'] === true }));
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
