import { ruleProblems } from './harness/lint-samples';

/**
 * A client of an outside system checks that no transaction is open (src/db/outside-calls.ts): the
 * local ESLint rule eslint/outside-call-check.js refuses a file of src/ or plugins/ that connects out
 * without calling `assertOutsideTransaction`. Samples are linted in memory with the project's real
 * config under made-up file names.
 */
const problems = ruleProblems('local/outside-calls');

const CHECK = "import { assertOutsideTransaction } from '../../../src';\n";

describe('lint rule: a client of an outside system checks for an open transaction', () => {
  it.each([
    ['plugins/cameras/services/onvif.ts', 'export const f = () => fetch("http://cam/onvif");', /^fetch\(\)/],
    [
      'plugins/cameras/services/ping.ts',
      "import net from 'node:net';\nexport const f = () => net.connect({ host: 'cam', port: 554 });",
      /^net\.connect\(\)/,
    ],
    [
      'plugins/cameras/services/tls-ping.ts',
      "import { connect } from 'node:tls';\nexport const f = () => connect({ host: 'cam', port: 322 });",
      /^connect\(\)/,
    ],
    [
      'plugins/webhooks/services/send.ts',
      "import http from 'node:http';\nimport https from 'node:https';\n" +
        'export const f = (secure: boolean) => { const client = secure ? https : http; return client.request("x"); };',
      /^client\.request\(\)/,
    ],
    [
      'src/mail/second-transport.ts',
      "import nodemailer from 'nodemailer';\nexport const t = nodemailer.createTransport({});",
      /^createTransport\(\)/,
    ],
  ])('refuses %s, which connects out without the check', async (file, code, message) => {
    const found = await problems(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
    expect(found[0]).toContain('call assertOutsideTransaction first in this file');
  });

  it.each([
    [
      'plugins/cameras/services/onvif.ts',
      `${CHECK}export const f = () => { assertOutsideTransaction('ONVIF'); return fetch("http://cam/onvif"); };`,
    ],
    [
      'plugins/webhooks/services/send.ts',
      `import https from 'node:https';\n${CHECK}` +
        "export const f = () => { assertOutsideTransaction('A webhook receiver'); return https.request('x'); };",
    ],
    // Not a connection: an express route, address helpers of node:net, the mail job's queue.
    [
      'src/routes.ts',
      "import http from 'node:http';\nexport const f = (app: any) => app.get('/x', () => {});",
    ],
    [
      'src/config/ips.ts',
      "import { isIP, BlockList } from 'node:net';\nexport const f = (s: string) => isIP(s) && new BlockList();",
    ],
    ['plugins/procedures/services/mail.ts', 'export const f = (ctx: any) => ctx.sendMail({ to: "a@b.vn" });'],
    // Tests talk to real servers directly.
    ['plugins/cameras/test/onvif.test.ts', 'export const f = () => fetch("http://127.0.0.1/");'],
  ])('accepts %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
