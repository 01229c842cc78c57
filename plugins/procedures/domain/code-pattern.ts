import { localParts } from '../../../src';
import { SequenceReset } from './enums';

/**
 * Dossier code patterns. Tokens in braces, everything else literal:
 * - `{agencyId}`: the agency's short code, or its electronic identifier (e.g. 000.01.01.H46);
 * - date parts in local time, alone or run together: `{yyyy}`, `{yy}`, `{MM}`, `{dd}`, `{yyMMdd}`, `{yyyyMM}`...;
 * - the sequence `{N}` .. `{NNNNNNNNN}`: the per-agency counter, zero-padded to that many digits
 *   (never truncated), restarting daily, monthly or yearly as configured.
 * Default `{agencyId}-{yyMMdd}-{NNNN}`, reset daily.
 */
export const DEFAULT_CODE_PATTERN = '{agencyId}-{yyMMdd}-{NNNN}';
export const DEFAULT_SEQUENCE_RESET = SequenceReset.DAILY;

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'agency' }
  | { kind: 'date'; fields: Array<'yyyy' | 'yy' | 'MM' | 'dd'> }
  | { kind: 'sequence'; width: number };

export class CodePatternError extends Error {}

const LITERAL = /^[A-Za-z0-9._/-]*$/;

function parseDateToken(token: string): Array<'yyyy' | 'yy' | 'MM' | 'dd'> | null {
  const fields: Array<'yyyy' | 'yy' | 'MM' | 'dd'> = [];
  let rest = token;
  while (rest.length) {
    const next = (['yyyy', 'yy', 'MM', 'dd'] as const).find((f) => rest.startsWith(f));
    if (!next) return null;
    fields.push(next);
    rest = rest.slice(next.length);
  }
  return fields.length ? fields : null;
}

export function parseCodePattern(pattern: string): Part[] {
  if (pattern.length > 80) throw new CodePatternError('The pattern is too long (80 characters at most)');
  const parts: Part[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    if (m.index > last) parts.push({ kind: 'literal', text: pattern.slice(last, m.index) });
    const token = m[1];
    if (token === 'agencyId') parts.push({ kind: 'agency' });
    else if (/^N{1,9}$/.test(token)) parts.push({ kind: 'sequence', width: token.length });
    else {
      const fields = parseDateToken(token);
      if (!fields)
        throw new CodePatternError(
          `Unknown token {${token}}: use {agencyId}, date parts such as {yyMMdd}, and one sequence such as {NNNN}`,
        );
      parts.push({ kind: 'date', fields });
    }
    last = m.index + m[0].length;
  }
  if (last < pattern.length) parts.push({ kind: 'literal', text: pattern.slice(last) });
  for (const part of parts) {
    if (part.kind === 'literal' && (!LITERAL.test(part.text) || /[{}]/.test(part.text))) {
      throw new CodePatternError(`Literal text "${part.text}" may only contain letters, digits and . _ / -`);
    }
  }
  return parts;
}

/** Checks that a pattern gives unique codes with its reset period; returns the parsed parts. */
export function validateCodePattern(pattern: string, reset: SequenceReset): Part[] {
  const parts = parseCodePattern(pattern);
  const sequences = parts.filter((p) => p.kind === 'sequence').length;
  if (sequences !== 1)
    throw new CodePatternError('The pattern needs exactly one sequence token such as {NNNN}');
  if (!parts.some((p) => p.kind === 'agency'))
    throw new CodePatternError(
      'The pattern needs {agencyId}, so that two agencies never produce the same code',
    );
  const dateFields = new Set(parts.flatMap((p) => (p.kind === 'date' ? p.fields : [])));
  const hasYear = dateFields.has('yyyy') || dateFields.has('yy');
  const needs = {
    [SequenceReset.YEARLY]: [hasYear],
    [SequenceReset.MONTHLY]: [hasYear, dateFields.has('MM')],
    [SequenceReset.DAILY]: [hasYear, dateFields.has('MM'), dateFields.has('dd')],
  }[reset];
  if (needs.some((ok) => !ok)) {
    const what = { DAILY: 'year, month and day', MONTHLY: 'year and month', YEARLY: 'year' }[reset];
    throw new CodePatternError(
      `A sequence that restarts ${reset.toLowerCase()} needs the ${what} in the pattern, or codes would repeat`,
    );
  }
  return parts;
}

/** The counter period an instant falls in: 'D2026-04-15', 'M2026-04' or 'Y2026' (local time). */
export function sequencePeriod(reset: SequenceReset, at: Date): string {
  const p = localParts(at);
  const mm = String(p.month).padStart(2, '0');
  const dd = String(p.day).padStart(2, '0');
  if (reset === SequenceReset.YEARLY) return `Y${p.year}`;
  if (reset === SequenceReset.MONTHLY) return `M${p.year}-${mm}`;
  return `D${p.year}-${mm}-${dd}`;
}

export function formatDossierCode(
  pattern: string,
  values: { agencyCode: string; at: Date; sequence: number },
): string {
  const p = localParts(values.at);
  const field = {
    yyyy: String(p.year),
    yy: String(p.year % 100).padStart(2, '0'),
    MM: String(p.month).padStart(2, '0'),
    dd: String(p.day).padStart(2, '0'),
  };
  return parseCodePattern(pattern)
    .map((part) => {
      switch (part.kind) {
        case 'literal':
          return part.text;
        case 'agency':
          return values.agencyCode;
        case 'date':
          return part.fields.map((f) => field[f]).join('');
        case 'sequence':
          return String(values.sequence).padStart(part.width, '0');
      }
    })
    .join('');
}
