import { createTestApp, TestApp } from './harness';
import { staffPlugin } from '../plugins/staff';
import { proceduresPlugin } from '../plugins/procedures';
import { emailAccountsPlugin } from '../plugins/email-accounts';
import { camerasPlugin } from '../plugins/cameras';
import { documentsPlugin } from '../plugins/documents';

/**
 * Every plugin's refusals speak the people's language: Vietnamese when the request names no
 * language (the default), English on `Accept-Language: en`. One refusal per plugin, through the API;
 * test/core-error-language.test.ts covers the mechanism and refuses English-only messages in the source.
 */
describe('plugin error messages in Vietnamese by default, English on request', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin, emailAccountsPlugin, camerasPlugin, documentsPlugin],
    });
    admin = t.token({ username: 'root', roles: ['platform-admin'] });
  });
  afterAll(() => t?.close());

  const both = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const vi = await t.request(query, variables, { token, headers: { 'accept-language': '' } });
    const en = await t.request(query, variables, { token, headers: { 'accept-language': 'en' } });
    expect(vi.headers.get('content-language')).toBe('vi');
    expect(en.headers.get('content-language')).toBe('en');
    expect(vi.errors?.[0].extensions).toEqual(en.errors?.[0].extensions);
    return { vi: vi.errors?.[0], en: en.errors?.[0] };
  };

  it('procedures: an empty lookup', async () => {
    const { vi, en } = await both(
      'query($input: LookupDossierInput!) { lookupDossier(input: $input) { code } }',
      { input: { code: ' ', secret: ' ' } },
    );
    expect(vi).toMatchObject({
      message: 'Hãy nhập mã hồ sơ và mã tra cứu (hoặc 4 số cuối của số định danh hay số điện thoại)',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(en?.message).toBe(
      'Give the dossier code and the lookup PIN (or the last 4 digits of your ID number or phone)',
    );
  });

  it('email-accounts: a negative usage', async () => {
    const { vi, en } = await both(
      'mutation($input: RecordMailboxUsageInput!) { recordMailboxUsage(input: $input) { mailboxes { id } } }',
      { input: { entries: [{ address: 'a@ubnd.gov.vn', usedBytes: -1 }] } },
      admin,
    );
    expect(vi).toMatchObject({
      message: 'usedBytes phải là số không âm',
      extensions: { code: 'BAD_USER_INPUT', field: 'usedBytes' },
    });
    expect(en?.message).toBe('usedBytes must be zero or more');
  });

  it('cameras: a malformed unit id', async () => {
    const { vi, en } = await both(
      'query($u: ID!) { cameraCoverage(unitId: $u) { __typename } }',
      { u: 'not-an-id' },
      admin,
    );
    expect(vi).toMatchObject({
      message: 'unitId không phải là mã định danh hợp lệ',
      extensions: { code: 'BAD_USER_INPUT', field: 'unitId' },
    });
    expect(en?.message).toBe('unitId is not a valid id');
  });

  it('documents: a period that ends before it starts', async () => {
    const { vi, en } = await both(
      'query($f: DocumentFilterInput) { documents(filter: $f) { totalCount } }',
      { f: { from: '2026-02-01', to: '2026-01-01' } },
      admin,
    );
    expect(vi).toMatchObject({ message: 'from không được sau to', extensions: { code: 'BAD_USER_INPUT' } });
    expect(en?.message).toBe('from must not be after to');
  });
});
