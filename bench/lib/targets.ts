import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A server under test, run as a child process so its memory and CPU are its own. */
export interface Target {
  name: 'ours' | 'postgraphile' | 'floor';
  /** Base URL (http://127.0.0.1:port); GraphQL servers answer on /graphql. */
  base: string;
  pid: number;
  /** Last lines of its output (for error reports). */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startTarget(options: {
  name: Target['name'];
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  base: string;
  /** A request that answers 200 once the server is ready. */
  ready: { url: string; init?: RequestInit };
  timeoutMs?: number;
}): Promise<Target> {
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exited !== null)
      throw new Error(
        `${options.name} exited (${exited}) before it was ready:\n${lines.slice(-30).join('\n')}`,
      );
    try {
      const res = await fetch(options.ready.url, options.ready.init);
      if (res.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready in time:\n${lines.slice(-30).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name: options.name,
    base: options.base,
    pid: child.pid!,
    output: () => lines.slice(-30).join('\n'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 45_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process in MB (VmRSS), or null when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux: /proc/<pid>/stat, 100 ticks/s). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Samples the RSS of a process every `everyMs` until stopped; gives the peak and the last value. */
export function sampleRss(pid: number, everyMs = 250): () => { peak: number | null; last: number | null } {
  let peak: number | null = null;
  let last: number | null = null;
  const take = () => {
    last = rssMb(pid);
    if (last !== null && (peak === null || last > peak)) peak = last;
  };
  take();
  const timer = setInterval(take, everyMs);
  return () => {
    clearInterval(timer);
    take();
    return { peak, last };
  };
}

export function repoRoot(): string {
  // From dist/bench/lib (or bench/lib) up to the folder with tsconfig.json: the repository.
  let dir = __dirname;
  while (!(fs.existsSync(path.join(dir, 'tsconfig.json')) && fs.existsSync(path.join(dir, 'package.json')))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}
