/**
 * `node dist/plugins/cameras/cli/import-devices.js <file.csv> [--dry-run]`
 *
 * Imports devices from CSV as the platform (system context): every row is checked first; when all are
 * valid they are written in one transaction, otherwise nothing is. Shows progress (on stderr), then a
 * summary and the errors per line. Running the same file again changes nothing.
 * Exit code 0: imported (or dry run without errors); 1: rows with errors, nothing written;
 * 2: the file cannot be read or the import failed.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { parseArgs, withScriptApp, type App } from '../../../src';
import { deviceImport } from '../services';
import type { ImportProgress, ImportResult } from '../services/import.service';

export interface ImportDevicesOptions {
  file: string;
  dryRun: boolean;
  /** Where the summary goes (default stdout). */
  output?: NodeJS.WritableStream;
  /** Where the progress bar goes (default stderr). */
  progressStream?: NodeJS.WritableStream;
}

const PHASE_LABEL = { validate: 'checking', write: 'writing ' } as const;

/** The command on a booted app; returns the exit code. */
export async function importDevicesCommand(
  app: Pick<App, 'systemContext'>,
  options: ImportDevicesOptions,
): Promise<number> {
  const out = options.output ?? process.stdout;
  let csv: string;
  try {
    csv = fs.readFileSync(options.file, 'utf8');
  } catch (error) {
    out.write(
      `Cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
    );
    return 2;
  }
  const bar = new SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total} rows',
      stream: options.progressStream ?? process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 250,
    },
    Presets.shades_classic,
  );
  let phase: 'validate' | 'write' | null = null;
  const onProgress: ImportProgress = (p) => {
    if (phase !== p.phase) {
      if (phase) bar.stop();
      bar.start(p.total, 0, { phase: PHASE_LABEL[p.phase] });
      phase = p.phase;
    }
    bar.update(p.done, { phase: PHASE_LABEL[p.phase] });
  };
  const ctx = app.systemContext();
  let result: ImportResult;
  try {
    result = await ctx.transactional(() =>
      deviceImport.importCsv(ctx, csv, { dryRun: options.dryRun, onProgress }),
    );
  } catch (error) {
    if (phase) bar.stop();
    out.write(`Nothing was imported: ${(error as Error).message}\n`);
    return 2;
  }
  if (phase) bar.stop();
  out.write(`${importSummary(result, options.file)}\n`);
  return result.errors.length ? 1 : 0;
}

export function importSummary(result: ImportResult, file: string): string {
  const verb = (done: string, would: string) => (result.applied ? done : would);
  const lines = [
    `${result.dryRun ? 'Dry run of' : 'Import of'} ${file}: ${result.total} row(s)`,
    `  ${verb('created', 'would create')}: ${result.created}`,
    `  ${verb('updated', 'would update')}: ${result.updated}`,
    `  unchanged: ${result.unchanged}`,
  ];
  if (result.errors.length) {
    lines.push(`  errors: ${result.errors.length} — nothing was written`);
    for (const e of result.errors)
      lines.push(
        `  line ${e.line}${e.assetTag ? ` (${e.assetTag})` : ''}${e.field ? `, ${e.field}` : ''}: ${e.message}`,
      );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { flags, positional } = parseArgs(process.argv.slice(2));
  const file = positional[0];
  if (!file || flags.help) {
    process.stdout.write('usage: node dist/plugins/cameras/cli/import-devices.js <file.csv> [--dry-run]\n');
    return file ? 0 : 2;
  }
  return withScriptApp((app) => importDevicesCommand(app, { file, dryRun: flags['dry-run'] === true }));
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
