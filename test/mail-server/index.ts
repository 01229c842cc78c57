/**
 * A private Dovecot (and Postfix's `postmap`) for tests, reading a test database through the
 * email-accounts views with the configuration pieces of deploy/mail/ rendered into a temp folder.
 * Nothing is installed by hand: `.ci/run` installs Debian's packages when they are missing; on a
 * developer machine without them the mail-server tests are skipped with a message (never in CI).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const MAIL_DEPLOY_DIR = path.resolve(__dirname, '../../deploy/mail');
const SBIN = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** Absolute path of a binary on PATH or in the sbin folders (not on a normal user's PATH), or null. */
export function findBinary(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface MailServerAvailability {
  dovecot: string | null;
  postmap: string | null;
  /** Why the tests are skipped, or null when they run. */
  skipReason: string | null;
}

/**
 * Which of Dovecot and postmap are installed. Missing binaries skip the tests with a clear message
 * on a developer machine, and fail them in CI (process.env.CI), where `.ci/run` must install them.
 */
export function mailServerAvailability(): MailServerAvailability {
  const dovecot = findBinary('dovecot');
  const postmap = findBinary('postmap');
  const missing = [
    !dovecot && 'dovecot (dovecot-imapd dovecot-pgsql)',
    !postmap && 'postmap (postfix postfix-pgsql)',
  ].filter(Boolean);
  if (!missing.length) return { dovecot, postmap, skipReason: null };
  const reason =
    `mail server binaries missing: ${missing.join(', ')}; install with ` +
    '`DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-imapd dovecot-pgsql dovecot-lmtpd postfix postfix-pgsql`';
  if (process.env.CI) throw new Error(`${reason} (CI is set: these tests must run there)`);
  return { dovecot, postmap, skipReason: reason };
}

/** Replaces every @NAME@ placeholder; a placeholder left without a value is an error. */
export function renderTemplate(text: string, values: Record<string, string>, file = 'template'): string {
  const out = text.replace(/@([A-Z][A-Z0-9_]*)@/g, (match, name: string) =>
    name in values ? values[name] : match,
  );
  const left = out.match(/@[A-Z][A-Z0-9_]*@/);
  if (left) throw new Error(`${file}: no value for ${left[0]}`);
  return out;
}

export interface MailDbUsers {
  dovecot: { user: string; password: string };
  postfix: { user: string; password: string };
  drop(): Promise<void>;
}

/**
 * LOGIN users for Dovecot and Postfix, members of the NOLOGIN roles the migration grants the views
 * to (what a deployment does with `create role email_dovecot login password … in role email_accounts_dovecot`).
 * `settings` become role settings in the database (email_accounts.vmail_dir and friends).
 */
export async function createMailDbUsers(
  databaseUrl: string,
  settings: Record<string, string> = {},
): Promise<MailDbUsers> {
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  const suffix = randomBytes(4).toString('hex');
  const dovecot = { user: `t_dovecot_${suffix}`, password: randomBytes(12).toString('hex') };
  const postfix = { user: `t_postfix_${suffix}`, password: randomBytes(12).toString('hex') };
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `create role ${dovecot.user} login password '${dovecot.password}' in role email_accounts_dovecot`,
    );
    await client.query(
      `create role ${postfix.user} login password '${postfix.password}' in role email_accounts_postfix`,
    );
    for (const [name, value] of Object.entries(settings)) {
      await client.query(
        `alter role ${dovecot.user} in database "${database}" set email_accounts.${name} = '${value.replace(/'/g, "''")}'`,
      );
    }
  } finally {
    await client.end();
  }
  return {
    dovecot,
    postfix,
    async drop() {
      const admin = new Client({ connectionString: databaseUrl });
      await admin.connect();
      try {
        for (const role of [dovecot.user, postfix.user]) {
          await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1`, [
            role,
          ]);
          await admin.query(`alter role ${role} in database "${database}" reset all`);
          await admin.query(`drop role if exists ${role}`);
        }
      } finally {
        await admin.end();
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Dovecot did not listen on ${port} within ${timeoutMs} ms; log:\n${log()}`);
}

/**
 * Runs `dovecot -c …`, which forks its master into the background and exits. Not execFile: the
 * daemon keeps the inherited stdout/stderr open, so waiting for them to close would never end.
 */
function startDaemon(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code ?? signal}`)),
    );
  });
}

function groupName(gid: number): string {
  const line = fs
    .readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? String(gid);
}

function passwdEntry(name: string): { uid: number; gid: number } | null {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export interface PrivateDovecot {
  host: string;
  /** IMAP (plain, ssl = no). */
  port: number;
  /** LMTP, as Postfix's virtual_transport would deliver (tests deliver with nodemailer's lmtp option). */
  lmtpPort: number;
  dir: string;
  /** Where mail lives (the views' email_accounts.vmail_dir for this test). */
  vmailDir: string;
  db: MailDbUsers;
  log(): string;
  close(): Promise<void>;
}

/**
 * Starts `dovecot -c <rendered conf>` on 127.0.0.1 and a spare port, with base_dir, state, log and
 * mail under a temp folder, ssl = no, reading `databaseUrl` through the views as a fresh LOGIN
 * member of email_accounts_dovecot. As root, mail processes run as `nobody` and the helpers as
 * Debian's dovecot/dovenull users; otherwise everything runs as the current user.
 */
export async function startPrivateDovecot(options: {
  databaseUrl: string;
  dovecotBinary?: string;
}): Promise<PrivateDovecot> {
  const binary = options.dovecotBinary ?? findBinary('dovecot');
  if (!binary) throw new Error('dovecot is not installed');
  const root = process.getuid?.() === 0;
  const me = os.userInfo().username;
  const mail = root
    ? (passwdEntry('nobody') ?? { uid: 65534, gid: 65534 })
    : { uid: process.getuid!(), gid: process.getgid!() };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const confDir = path.join(dir, 'conf');
  const vmailDir = path.join(dir, 'vmail');
  for (const sub of ['run', 'state', 'conf/conf.d', 'vmail'])
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
  if (root) fs.chownSync(vmailDir, mail.uid, mail.gid);
  const logFile = path.join(dir, 'dovecot.log');

  const db = await createMailDbUsers(options.databaseUrl, {
    vmail_dir: vmailDir,
    vmail_uid: String(mail.uid),
    vmail_gid: String(mail.gid),
  });
  const url = new URL(options.databaseUrl);
  const values = {
    DB_HOST: url.hostname,
    DB_PORT: url.port || '5432',
    DB_NAME: url.pathname.slice(1),
    DOVECOT_DB_USER: db.dovecot.user,
    DOVECOT_DB_PASSWORD: db.dovecot.password,
    DOVECOT_CONF_DIR: confDir,
  };
  for (const file of [
    'conf.d/10-mail.conf',
    'conf.d/10-auth.conf',
    'dovecot-sql.conf.ext',
    'dovecot-sql-master.conf.ext',
  ]) {
    const source = path.join(MAIL_DEPLOY_DIR, 'dovecot', file);
    fs.writeFileSync(
      path.join(confDir, file),
      renderTemplate(fs.readFileSync(source, 'utf8'), values, source),
      { mode: 0o644 },
    );
  }
  const port = await freePort();
  const lmtpPort = await freePort();
  const users = root
    ? ['default_internal_user = dovecot', 'default_login_user = dovenull']
    : [
        `default_internal_user = ${me}`,
        `default_login_user = ${me}`,
        `default_internal_group = ${groupName(process.getgid!())}`,
      ];
  const chrootless = root
    ? []
    : ['imap-login', 'anvil', 'auth-worker', 'log', 'auth'].map((s) => `service ${s} {\n  chroot =\n}`);
  fs.writeFileSync(
    path.join(confDir, 'dovecot.conf'),
    [
      '# Written by test/mail-server: a private instance for one test file.',
      `base_dir = ${path.join(dir, 'run')}`,
      `state_dir = ${path.join(dir, 'state')}`,
      `log_path = ${logFile}`,
      `instance_name = platform-test-${port}`,
      'protocols = imap lmtp',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      ...users,
      `first_valid_uid = ${mail.uid}`,
      `last_valid_uid = ${mail.uid}`,
      '!include conf.d/10-mail.conf',
      '!include conf.d/10-auth.conf',
      'service imap-login {',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      'service lmtp {',
      '  inet_listener lmtp {',
      '    address = 127.0.0.1',
      `    port = ${lmtpPort}`,
      '  }',
      '}',
      'protocol lmtp {',
      '  auth_username_format = %Lu',
      '}',
      // Tests only: no growing per-IP penalty after failed logins (which would slow later successful
      // logins of the same test file); Dovecot's fixed ~2 s delay of a failed login stays.
      'service anvil {',
      '  unix_listener anvil-auth-penalty {',
      '    mode = 0',
      '  }',
      '}',
      ...chrootless,
      '',
    ].join('\n'),
    { mode: 0o644 },
  );

  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '(no log)');
  const confFile = path.join(confDir, 'dovecot.conf');
  try {
    await startDaemon(binary, ['-c', confFile]);
    await waitForPort(port, 10000, log);
    await waitForPort(lmtpPort, 10000, log);
  } catch (error) {
    await db.drop().catch(() => {});
    throw new Error(`Dovecot did not start: ${(error as Error).message}\n${log()}`);
  }

  let closed = false;
  return {
    host: '127.0.0.1',
    port,
    lmtpPort,
    dir,
    vmailDir,
    db,
    log,
    async close() {
      if (closed) return;
      closed = true;
      const pidFile = path.join(dir, 'run', 'master.pid');
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : 0;
      if (pid) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* gone already */
        }
        const deadline = Date.now() + 5000;
        while (Date.now() < deadline) {
          try {
            process.kill(pid, 0);
          } catch {
            break;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      await db.drop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The maps of deploy/mail/postfix, by name, and their files. */
const POSTFIX_MAP_FILES = {
  domains: 'pgsql-virtual-domains.cf',
  mailboxes: 'pgsql-virtual-mailboxes.cf',
  aliases: 'pgsql-virtual-aliases.cf',
  senderLogins: 'pgsql-sender-logins.cf',
} as const;
export type PostfixMap = keyof typeof POSTFIX_MAP_FILES;

export interface PostfixMaps {
  dir: string;
  /** `postmap -c <dir> -q <key> pgsql:<dir>/<map>.cf`: the value, or null when the key is not found. */
  query(map: PostfixMap, key: string): Promise<string | null>;
  close(): Promise<void>;
}

/** The deploy/mail Postfix pgsql maps rendered for the test database, queried with `postmap -q`. */
export async function renderPostfixMaps(options: {
  databaseUrl: string;
  postfixUser: string;
  postfixPassword: string;
  postmapBinary?: string;
}): Promise<PostfixMaps> {
  const binary = options.postmapBinary ?? findBinary('postmap');
  if (!binary) throw new Error('postmap is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-postfix-'));
  const url = new URL(options.databaseUrl);
  const values = {
    DB_HOST: url.hostname,
    DB_PORT: url.port || '5432',
    DB_NAME: url.pathname.slice(1),
    POSTFIX_DB_USER: options.postfixUser,
    POSTFIX_DB_PASSWORD: options.postfixPassword,
  };
  for (const [map, file] of Object.entries(POSTFIX_MAP_FILES)) {
    const source = path.join(MAIL_DEPLOY_DIR, 'postfix', file);
    fs.writeFileSync(
      path.join(dir, `${map}.cf`),
      renderTemplate(fs.readFileSync(source, 'utf8'), values, source),
      { mode: 0o600 },
    );
  }
  // postmap reads <config_directory>/main.cf: give it its own (empty) one, so the tests do not depend
  // on /etc/postfix/main.cf (Debian's "No configuration" install has none). Map types (pgsql) still
  // come from the package's dynamicmaps in meta_directory (/etc/postfix).
  fs.writeFileSync(path.join(dir, 'main.cf'), '# empty: postmap -c for tests\n');
  return {
    dir,
    async query(map, key) {
      return new Promise((resolve, reject) => {
        const child = spawn(binary, ['-c', dir, '-q', key, `pgsql:${path.join(dir, `${map}.cf`)}`], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
        });
        child.stderr.on('data', (chunk) => {
          err += chunk;
        });
        child.on('error', reject);
        child.on('close', (code) => {
          if (code === 0) resolve(out.trim());
          else if (code === 1 && !/fatal|error/i.test(err)) resolve(null);
          else reject(new Error(`postmap -q ${key} (${map}) exited ${code}: ${err.trim()}`));
        });
      });
    },
    async close() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
