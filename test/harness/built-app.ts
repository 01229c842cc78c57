import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateRealmKey, mintToken, type RealmKey } from '../../src/auth/dev-realm';

/**
 * The compiled app as it runs in production (`node dist/src/main.js`), for tests where a real
 * process matters: signals, several processes on one database, a proxy in front.
 *
 * The tree is compiled once per source state into `.test-build/<hash>/` (inside the repository, so
 * `node_modules` resolves), under a lock directory so test files running in parallel share it.
 */
const ROOT = path.resolve(__dirname, '../..');

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') walk(rel);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        hash.update(rel).update(fs.readFileSync(path.join(ROOT, rel)));
      }
    }
  };
  for (const dir of ['src', 'plugins', 'bench', 'scripts'])
    if (fs.existsSync(path.join(ROOT, dir))) walk(dir);
  hash.update(fs.readFileSync(path.join(ROOT, 'tsconfig.json')));
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Path of the compiled main.js for the current sources, compiling when needed. */
export async function builtMain(): Promise<string> {
  const out = path.join(ROOT, '.test-build', sourceHash());
  const done = path.join(out, '.done');
  const lock = `${out}.lock`;
  const main = path.join(out, 'src', 'main.js');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  for (let waited = 0; !fs.existsSync(done); waited += 500) {
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another test file is compiling; a lock older than 10 minutes is left over from a crash.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 600_000)
        fs.rmSync(lock, { recursive: true, force: true });
      if (waited > 600_000) throw new Error(`timed out waiting for ${lock}`);
      await sleep(500);
      continue;
    }
    try {
      const result = spawnSync(
        process.execPath,
        [
          require.resolve('typescript/bin/tsc'),
          '-p',
          path.join(ROOT, 'tsconfig.build.json'),
          '--outDir',
          out,
          '--tsBuildInfoFile',
          path.join(out, '.tsbuildinfo'),
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      if (result.status !== 0) throw new Error(`tsc failed:\n${result.stdout}\n${result.stderr}`);
      fs.writeFileSync(done, new Date().toISOString());
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  return main;
}

export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

export interface AppProcess {
  child: ChildProcess;
  /** Every JSON log line so far. */
  lines: LogLine[];
  /** stdout and stderr as text (for failure messages). */
  output(): string;
  /** Base URL once the process logged "GraphQL ready at ...". */
  baseUrl: string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  waitForLine(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  stop(): Promise<void>;
}

/** Starts `node <main.js>` with exactly this environment (plus PATH) and collects its log lines. */
export function startAppProcess(main: string, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const listeners = new Set<() => void>();
  let text = '';
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    text += chunk;
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        lines.push({ msg: part });
      }
    }
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const proc: AppProcess = {
    child,
    lines,
    output: () => text,
    baseUrl: '',
    exited,
    waitForLine(predicate, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(predicate);
          if (found) {
            cleanup();
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching log line within ${timeoutMs} ms; output:\n${text.slice(-4000)}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`process exited before the expected log line; output:\n${text.slice(-4000)}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  return proc;
}

/** Waits for "GraphQL ready at <url>" and sets baseUrl. */
export async function waitReady(proc: AppProcess, timeoutMs = 180_000): Promise<string> {
  const line = await proc.waitForLine(
    (l) => typeof l.msg === 'string' && l.msg.startsWith('GraphQL ready at '),
    timeoutMs,
  );
  proc.baseUrl = String(line.url).replace(/\/graphql$/, '');
  return proc.baseUrl;
}

/**
 * Production-mode environment for a child process on `databaseUrl`, verifying tokens of a test
 * realm whose key the test holds (Keycloak itself cannot run here).
 */
export function productionEnv(
  databaseUrl: string,
  dataDir: string,
  extra: Record<string, string> = {},
): { env: Record<string, string>; token: (username: string, roles: string[]) => string; key: RealmKey } {
  const key = generateRealmKey();
  const authServerUrl = 'http://keycloak.test';
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    KEYCLOAK_URL: authServerUrl,
    KEYCLOAK_REALM: 'test-realm',
    KEYCLOAK_CLIENT_ID: 'platform-api',
    KEYCLOAK_REALM_PUBLIC_KEY: key.publicKeyBase64,
    LOG_LEVEL: 'info',
    // Keys production refuses to start without, fresh for each process set.
    CAMERAS_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    FILES_URL_KEY: randomBytes(32).toString('base64'),
    PROCEDURES_SECRET_KEY: randomBytes(32).toString('base64'),
    CAMERAS_GRANT_KEY: randomBytes(32).toString('base64'),
    WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
    // Provisioning to a Keycloak Admin API that refuses at once (none runs here; its jobs just retry).
    KEYCLOAK_ADMIN_URL: 'http://127.0.0.1:9',
    KEYCLOAK_PROVISIONER_SECRET: randomBytes(16).toString('hex'),
    ...extra,
  };
  const token = (username: string, roles: string[]) =>
    mintToken({
      key,
      authServerUrl,
      realm: 'test-realm',
      audience: 'platform-api',
      username,
      subject: `kc-${username}`,
      roles,
    });
  return { env, token, key };
}
