import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { parseArgs, withScriptApp, type App } from '../../../src';
import { importUnits, type UnitImportSummary } from '../services/unit-import.service';

/**
 * `node dist/plugins/staff/cli/import-units.js [--dir ../shared/data/vn-admin-units-2025] [--strict] [--province 22]`
 *
 * Imports the 2025 reform (old and new units, successions) from merges.json and splits.json into the
 * configured database, in one transaction, with a progress bar and a printed summary. Idempotent.
 */

export const DEFAULT_DIR = '../shared/data/vn-admin-units-2025';

export interface ImportCliOptions {
  dir: string;
  strict: boolean;
  province: string | null;
  /** Show a progress bar (default: when stderr is a terminal). */
  progress?: boolean;
}

export interface CliOutput {
  out: (text: string) => void;
  err: NodeJS.WritableStream;
}

const USAGE =
  'usage: node dist/plugins/staff/cli/import-units.js [--dir ../shared/data/vn-admin-units-2025] [--strict] [--province 22]\n';

export function parseImportArgs(argv: string[]): ImportCliOptions | { help: true } | { error: string } {
  const { flags, positional } = parseArgs(argv);
  if (flags.help) return { help: true };
  const known = new Set(['dir', 'strict', 'province', 'progress', 'no-progress']);
  const unknown = Object.keys(flags).filter((f) => !known.has(f));
  if (unknown.length || positional.length)
    return { error: `unknown argument(s): ${[...unknown.map((f) => `--${f}`), ...positional].join(' ')}` };
  if (flags.dir === true) return { error: '--dir needs a folder' };
  if (flags.province !== undefined && (typeof flags.province !== 'string' || !/^\d{2}$/.test(flags.province)))
    return { error: '--province needs a 2-digit code, e.g. --province 22' };
  return {
    dir: typeof flags.dir === 'string' ? flags.dir : DEFAULT_DIR,
    strict: flags.strict === true || flags.strict === 'true',
    province: typeof flags.province === 'string' ? flags.province : null,
    progress: flags['no-progress'] ? false : flags.progress ? true : undefined,
  };
}

function readJson(file: string): unknown {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function formatSummary(summary: UnitImportSummary, maxProblems = 50): string {
  const lines: string[] = [];
  const total = (k: 'created' | 'updated' | 'unchanged') => summary.units.reduce((n, c) => n + c[k], 0);
  const names: Record<string, string> = { 1: 'provinces', 2: 'districts', 3: 'communes' };
  lines.push(
    `Administrative units${summary.province ? ` (new province ${summary.province} and what it came from)` : ''}, in ${(summary.durationMs / 1000).toFixed(1)} s`,
  );
  lines.push(
    `  ${'units'.padEnd(22)} ${'created'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)}`,
  );
  for (const c of summary.units) {
    lines.push(
      `  ${`${c.period === 'OLD' ? 'old' : 'new'} ${names[c.level]}`.padEnd(22)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.unchanged).padStart(10)}`,
    );
  }
  lines.push(
    `  ${'all units'.padEnd(22)} ${String(total('created')).padStart(8)} ${String(total('updated')).padStart(8)} ${String(total('unchanged')).padStart(10)}`,
  );
  const s = summary.successions;
  lines.push(
    `  ${'successions'.padEnd(22)} ${String(s.created).padStart(8)} ${String(s.updated).padStart(8)} ${String(s.unchanged).padStart(10)}`,
  );
  lines.push(`Problems: ${summary.errorCount} error(s) (rows skipped), ${summary.warningCount} warning(s)`);
  for (const p of summary.problems.slice(0, maxProblems))
    lines.push(
      `  ${p.severity.padEnd(7)} ${p.file} ${p.location}${p.code ? ` [${p.code}]` : ''}: ${p.message}`,
    );
  if (summary.problems.length > maxProblems)
    lines.push(`  … and ${summary.problems.length - maxProblems} more`);
  return `${lines.join('\n')}\n`;
}

/** Runs the import on a booted app: what the command does after start-up (tests call it directly). */
export async function runUnitImport(
  app: App,
  options: ImportCliOptions,
  output: CliOutput,
): Promise<UnitImportSummary> {
  const dir = path.resolve(options.dir);
  const merges = readJson(path.join(dir, 'merges.json'));
  const splits = readJson(path.join(dir, 'splits.json'));
  const showBar = options.progress ?? Boolean((output.err as NodeJS.WriteStream).isTTY);
  const bar = showBar
    ? new SingleBar(
        {
          stream: output.err,
          format: ' {phase} [{bar}] {percentage}% | {value}/{total}',
          hideCursor: true,
          // Asked for on a pipe (--progress): a line every few seconds instead of redrawing.
          noTTYOutput: true,
          notTTYSchedule: 3000,
        },
        Presets.shades_classic,
      )
    : null;
  let started = false;
  const ctx = app.systemContext();
  try {
    const summary = await importUnits(ctx, {
      merges,
      splits,
      strict: options.strict,
      province: options.province,
      onProgress: ({ phase, done, total }) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0, { phase: phase.padEnd(11) });
          started = true;
        }
        bar.update(done, { phase: phase.padEnd(11) });
      },
    });
    bar?.stop();
    output.out(formatSummary(summary));
    return summary;
  } catch (error) {
    bar?.stop();
    throw error;
  }
}

async function main(): Promise<void> {
  const parsed = parseImportArgs(process.argv.slice(2));
  if ('help' in parsed) {
    process.stdout.write(USAGE);
    return;
  }
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  await withScriptApp((app) =>
    runUnitImport(app, parsed, { out: (text) => process.stdout.write(text), err: process.stderr }),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const details = (
      error as
        { extensions?: { problems?: Array<{ file: string; location: string; message: string }> } } | undefined
    )?.extensions?.problems;
    const message =
      error instanceof Error
        ? error.message
        : error === undefined
          ? 'Start-up failed without a reason (is the database reachable, or EMBEDDED_POSTGRES_PORT free?)'
          : String(error);
    process.stderr.write(`${message}\n`);
    for (const p of details?.slice(0, 50) ?? [])
      process.stderr.write(`  ${p.file} ${p.location}: ${p.message}\n`);
    process.exit(1);
  });
}
