import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';
import { languageFromHeader } from '../src/i18n';

/**
 * One error family: stable codes, messages in Vietnamese by default and in English when the request
 * asks for it (Accept-Language), a malformed id as BAD_USER_INPUT naming its field and a missing
 * record as NOT_FOUND (getOrThrow), and plugin codes kept in each plugin's errors.ts.
 */

const RENAME = 'mutation($input: RenameNoteInput!) { renameNote(input: $input) { id text } }';
const ADD = 'mutation($input: AddNoteInput!) { addNote(input: $input) { id text } }';

describe('error language and the error family', () => {
  let t: TestApp;
  let leader: string;
  let unitId: string;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
    leader = t.token({ username: 'lan', roles: ['leader'] });
    unitId = '00000000-0000-4000-8000-000000000001';
  });
  afterAll(() => t.close());

  /** A request with exactly this Accept-Language (an empty one when undefined). */
  type Answer = { data: any; errors: any[]; headers: Headers };
  const ask = async (
    query: string,
    variables: Record<string, unknown>,
    language: string | undefined,
    token: string | null = leader,
  ): Promise<Answer> =>
    (await t.request(query, variables, {
      token: token ?? undefined,
      headers: { 'accept-language': language ?? '' },
    })) as Answer;

  it('reads the preferred language from Accept-Language (vi unless English is preferred)', () => {
    const vectors: Array<[string | undefined, 'vi' | 'en']> = [
      [undefined, 'vi'],
      ['', 'vi'],
      ['*', 'vi'],
      ['fr-FR, de', 'vi'],
      ['en', 'en'],
      ['en-US,en;q=0.9', 'en'],
      ['fr, en;q=0.5', 'en'],
      ['vi-VN, en;q=0.8', 'vi'],
      ['vi;q=0.4, en;q=0.8', 'en'],
      ['en;q=0, vi', 'vi'],
      ['EN-gb', 'en'],
    ];
    for (const [header, expected] of vectors)
      expect([header, languageFromHeader(header)]).toEqual([header, expected]);
  });

  it('answers NOT_FOUND in Vietnamese by default and in English on request, with Content-Language', async () => {
    const id = '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f';
    const vi = await ask(RENAME, { input: { id, text: 'x' } }, undefined);
    expect(vi.errors[0]).toMatchObject({
      message: `Không tìm thấy ghi chú ${id}`,
      extensions: { code: 'NOT_FOUND' },
    });
    expect(vi.headers.get('content-language')).toBe('vi');

    const en = await ask(RENAME, { input: { id, text: 'x' } }, 'en-US,en;q=0.9');
    expect(en.errors[0]).toMatchObject({
      message: `Note ${id} was not found`,
      extensions: { code: 'NOT_FOUND' },
    });
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.headers.get('vary')).toMatch(/Accept-Language/i);
  });

  it('answers a malformed id as BAD_USER_INPUT naming the field, in both languages', async () => {
    const vi = await ask(RENAME, { input: { id: 'not-an-id', text: 'x' } }, 'vi');
    expect(vi.errors[0]).toMatchObject({
      message: 'id không phải là mã định danh hợp lệ',
      extensions: { code: 'BAD_USER_INPUT', field: 'id' },
    });
    const en = await ask(RENAME, { input: { id: 'not-an-id', text: 'x' } }, 'en');
    expect(en.errors[0]).toMatchObject({
      message: 'id is not a valid id',
      extensions: { code: 'BAD_USER_INPUT', field: 'id' },
    });
  });

  it('finds the record when it exists (getOrThrow)', async () => {
    const added = await ask(ADD, { input: { text: 'ghi chú', unitId } }, 'vi');
    const id = added.data.addNote.id as string;
    const renamed = await ask(RENAME, { input: { id, text: 'đã đổi' } }, 'vi');
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.renameNote).toEqual({ id, text: 'đã đổi' });
  });

  it('translates core refusals and faults: sign-in and the internal error', async () => {
    const anonymous = await ask('{ notes { totalCount } }', {}, undefined, null);
    expect(anonymous.errors[0]).toMatchObject({
      message: 'Cần đăng nhập',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const anonymousEn = await ask('{ notes { totalCount } }', {}, 'en', null);
    expect(anonymousEn.errors[0].message).toBe('Sign-in required');

    const fault = await ask(ADD, { input: { text: 'explode after writing', unitId } }, 'vi');
    expect(fault.errors[0]).toMatchObject({
      message: 'Lỗi hệ thống',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const faultEn = await ask(ADD, { input: { text: 'explode after writing', unitId } }, 'en');
    expect(faultEn.errors[0].message).toBe('Internal server error');
  });

  it('keeps a message given as plain text the same in both languages', async () => {
    const vi = await ask(ADD, { input: { text: '   ', unitId } }, 'vi');
    const en = await ask(ADD, { input: { text: '   ', unitId } }, 'en');
    expect(vi.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    expect(vi.errors[0].message).toBe(en.errors[0].message);
  });
});

describe('plugin error codes live in the plugin', () => {
  const root = join(__dirname, '..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'test' || name === 'migrations' ? [] : files(path);
      return path.endsWith('.ts') ? [path] : [];
    });
  const GENERIC = new Set([
    'BAD_USER_INPUT',
    'NOT_FOUND',
    'FORBIDDEN',
    'UNAUTHENTICATED',
    'CONFLICT',
    'TOO_MANY_REQUESTS',
  ]);

  it('every plugin has an errors.ts', () => {
    for (const plugin of readdirSync(join(root, 'plugins'))) {
      if (!statSync(join(root, 'plugins', plugin)).isDirectory()) continue;
      expect([
        plugin,
        files(join(root, 'plugins', plugin)).some((f) => f.endsWith(`${plugin}/errors.ts`)),
      ]).toEqual([plugin, true]);
    }
  });

  it('no service writes a plugin code as a string literal outside its errors.ts', () => {
    const offenders: string[] = [];
    for (const file of files(join(root, 'plugins'))) {
      if (file.endsWith('/errors.ts')) continue;
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/new DomainError\(\s*'([A-Z_]+)'|super\(\s*'([A-Z][A-Z0-9_]+)'/g)) {
        const code = match[1] ?? match[2];
        if (!GENERIC.has(code)) offenders.push(`${relative(root, file)}: ${code}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
