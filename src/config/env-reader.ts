/**
 * Reads environment variables with defaults, collecting every problem instead of stopping at the
 * first, so a misconfigured deployment is told everything that is wrong in one start-up.
 */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type EnvSource = Record<string, string | undefined>;

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: EnvSource) {}

  string(name: string, fallback: string): string;
  string(name: string, fallback?: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value)) {
      this.problems.push(`${name} must be a whole number, got "${raw}"`);
      return fallback;
    }
    if ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
      this.problems.push(
        `${name} must be between ${range.min ?? '-∞'} and ${range.max ?? '∞'}, got ${value}`,
      );
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  }

  list(name: string, fallback: string[]): string[] {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  url(name: string, fallback?: string): string | undefined {
    const raw = this.string(name, fallback);
    if (raw === undefined) return undefined;
    try {
      new URL(raw);
      return raw;
    } catch {
      this.problems.push(`${name} must be a URL, got "${redactUrl(raw)}"`);
      return undefined;
    }
  }

  /** A secret: never echoed back in a problem message. */
  secret(name: string, fallback?: string): string | undefined {
    return this.string(name, fallback);
  }

  fail(problem: string): void {
    this.problems.push(problem);
  }

  throwIfProblems(): void {
    if (this.problems.length) throw new ConfigError(this.problems);
  }
}

/** Hides the password part of a connection URL. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
