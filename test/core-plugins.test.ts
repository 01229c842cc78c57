import { createTestApp, createTestDatabase, TestApp, TestDatabase } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';
import { MeDocument } from './graphql/generated';
import { coreMigrations } from '../src/db/migrations';
import {
  fixturePlugin,
  lifecycle,
  FirstThing,
  SecondThing,
  GadgetResolver,
  GizmoResolver,
  Migration20200101000000_aardvark,
  Migration20200102000000_aardvark_more,
} from './fixtures/registry.fixtures';

/**
 * The plugin registry as start-up uses it: validation that names the culprit, dependency order,
 * lifecycle order, one migration stream, and disabled plugins that leave the database alone.
 */

describe('plugin registry: a bad plugin list stops start-up, naming the culprit', () => {
  // One database for every refused start-up (cheaper than one each; the list is checked before use).
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it.each([
    [
      'a missing dependency',
      () => [fixturePlugin('cameras', { dependsOn: ['staff'] })],
      undefined,
      /Plugin "cameras" depends on "staff", which does not exist/,
    ],
    [
      'a disabled dependency',
      () => [fixturePlugin('staff'), fixturePlugin('cameras', { dependsOn: ['staff'] })],
      'cameras',
      /Plugin "cameras" depends on "staff", which is disabled/,
    ],
    [
      'a dependency cycle, with its path',
      () => [
        fixturePlugin('alpha', { dependsOn: ['beta'] }),
        fixturePlugin('beta', { dependsOn: ['gamma'] }),
        fixturePlugin('gamma', { dependsOn: ['alpha'] }),
      ],
      undefined,
      /Plugin dependency cycle: alpha -> beta -> gamma -> alpha/,
    ],
    [
      'a plugin depending on itself',
      () => [fixturePlugin('loop', { dependsOn: ['loop'] })],
      undefined,
      /cycle: loop -> loop/,
    ],
    [
      'a duplicate plugin id',
      () => [fixturePlugin('staff'), fixturePlugin('mail'), fixturePlugin('staff')],
      undefined,
      /Plugin id "staff" is registered twice/,
    ],
    [
      'a duplicate permission',
      () => [
        fixturePlugin('cameras', { permissions: [{ name: 'devices.read', description: 'x' }] }),
        fixturePlugin('devices', { permissions: [{ name: 'devices.read', description: 'y' }] }),
      ],
      undefined,
      /Duplicate permission "devices.read" declared by plugins "cameras" and "devices"/,
    ],
    [
      'a permission that is not dot-named',
      () => [fixturePlugin('cameras', { permissions: [{ name: 'cameras:watch', description: 'x' }] })],
      undefined,
      /Plugin "cameras" declares permission "cameras:watch"/,
    ],
    [
      'an enabled plugin that does not exist',
      () => [fixturePlugin('staff')],
      'staff,ghost',
      /Plugin "ghost" is enabled in configuration but no such plugin exists/,
    ],
    [
      'two entities on the same table',
      () => [
        fixturePlugin('first', { entities: () => [FirstThing] }),
        fixturePlugin('second', { entities: () => [SecondThing] }),
      ],
      undefined,
      /Duplicate table "shared_thing" declared by plugins "first" and "second"/,
    ],
    [
      'two GraphQL types with the same name',
      () => [
        fixturePlugin('gadgets', { resolvers: () => [GadgetResolver] }),
        fixturePlugin('gizmos', { resolvers: () => [GizmoResolver] }),
      ],
      undefined,
      /Duplicate GraphQL type name "Widget" declared by plugins "gadgets" and "gizmos"/,
    ],
  ])('refuses %s', async (_label, plugins, enabled, expected) => {
    lifecycle.length = 0;
    const attempt = createTestApp({
      databaseUrl: db.url,
      plugins: plugins(),
      env: enabled ? { PLUGINS: enabled } : {},
    });
    await expect(attempt).rejects.toThrow(expected);
    await expect(attempt).rejects.toMatchObject({ name: 'PluginRegistryError' });
    // Refused before any plugin was bootstrapped.
    expect(lifecycle.filter((call) => call.startsWith('bootstrap:'))).toEqual([]);
  });
});

describe('plugin registry: order, lifecycle, migrations, disabled plugins', () => {
  // Given out of order: each plugin must come after what it depends on. `aardvark` sorts first by
  // name and its migrations are older than core's, so only dependency order puts it last.
  const plugins = () => [
    fixturePlugin('aardvark', {
      dependsOn: ['notes'],
      migrations: () => [Migration20200101000000_aardvark, Migration20200102000000_aardvark_more],
    }),
    fixturePlugin('gamma', { dependsOn: ['beta'] }),
    notesPlugin,
    fixturePlugin('alpha'),
    fixturePlugin('beta', { dependsOn: ['alpha'] }),
  ];
  const EXPECTED_ORDER = ['core', 'notes', 'aardvark', 'alpha', 'beta', 'gamma'];
  const MIGRATIONS = [
    ...coreMigrations.map((migration) => `core/${migration.name}`),
    'notes/Migration20260101000000_notes',
    'aardvark/Migration20200101000000_aardvark',
    'aardvark/Migration20200102000000_aardvark_more',
  ];

  let db: TestDatabase;
  let t: TestApp | undefined;
  /** Closes the running app (even when a previous test failed half-way) and boots another on the same database. */
  const restart = async (env: Record<string, string> = {}) => {
    await t?.close();
    t = undefined;
    t = await createTestApp({ databaseUrl: db.url, plugins: plugins(), env });
    return t;
  };
  let migrationsAfterFirstBoot: Array<{ id: number; name: string; executed_at: Date }>;

  beforeAll(async () => {
    db = await createTestDatabase();
    lifecycle.length = 0;
    await restart();
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
  });

  it('orders plugins by dependency (stable otherwise) and reports them', async () => {
    const data = await t!.query('{ platform { plugins { id dependsOn } } }');
    expect(data.platform.plugins.map((p: { id: string }) => p.id)).toEqual(EXPECTED_ORDER);
    expect(data.platform.plugins.find((p: { id: string }) => p.id === 'gamma').dependsOn).toEqual(['beta']);
    expect(t!.app.plugins.map((p) => p.id)).toEqual(EXPECTED_ORDER);
  });

  it('registers, then bootstraps, in dependency order', () => {
    const fixtures = EXPECTED_ORDER.filter((id) => !['core', 'notes'].includes(id));
    expect(lifecycle).toEqual([
      ...fixtures.map((id) => `register:${id}`),
      ...fixtures.map((id) => `bootstrap:${id}`),
    ]);
  });

  it('records core and plugin migrations in one table, core first, then dependency order', async () => {
    const rows = await t!.sql<{ id: number; name: string; executed_at: Date }>(
      'select id, name, executed_at from core_migrations order by id',
    );
    expect(coreMigrations.length).toBeGreaterThanOrEqual(1);
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS);
    expect(
      await t!.sql(
        `select column_name from information_schema.columns where table_name = 'aardvark_burrow' order by ordinal_position`,
      ),
    ).toEqual([{ column_name: 'id' }, { column_name: 'depth' }, { column_name: 'name' }]);
    migrationsAfterFirstBoot = rows;
  });

  it('shuts down in reverse order', async () => {
    await t!.query(
      'mutation { addNote(input: { text: "kept across restarts", unitId: "u1" }) { id } }',
      {},
      { token: t!.token('lan', ['leader']) },
    );
    lifecycle.length = 0;
    await t!.close();
    t = undefined;
    expect(lifecycle).toEqual(['shutdown:gamma', 'shutdown:beta', 'shutdown:alpha', 'shutdown:aardvark']);
  });

  it('a disabled plugin adds no resolvers and its tables and rows stay untouched', async () => {
    // notes (and aardvark, which needs it) disabled by configuration on the same database.
    const t = await restart({ PLUGINS: 'alpha,beta' });
    const platform = await t.query('{ platform { plugins { id } } }');
    expect(platform.platform.plugins.map((p: { id: string }) => p.id)).toEqual(['core', 'alpha', 'beta']);

    const result = await t.request(
      '{ notes { totalCount } }',
      {},
      { token: t.token('lan', ['platform-admin']) },
    );
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0].message).toMatch(/Cannot query field "notes"/);
    expect(t.app.schema.getQueryType()?.getFields().notes).toBeUndefined();
    expect(t.app.schema.getMutationType()?.getFields().addNote).toBeUndefined();
    // its permissions are gone with it (a leader keeps only core's own)
    const viewer = await t.query(MeDocument, {}, { token: t.token('lan', ['leader']) });
    expect(viewer.me?.permissions).toEqual(['dashboard.view']);

    expect(await t.sql('select text from notes_note')).toEqual([{ text: 'kept across restarts' }]);
    expect(await t.sql(`select to_regclass('aardvark_burrow')::text as t`)).toEqual([
      { t: 'aardvark_burrow' },
    ]);
    // the migration history is neither extended nor trimmed, and the app is ready
    expect(await t.sql('select id, name, executed_at from core_migrations order by id')).toEqual(
      migrationsAfterFirstBoot,
    );
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('re-enabled on the same database: re-running migrations applies nothing', async () => {
    const t = await restart();
    expect(await t.sql('select id, name, executed_at from core_migrations order by id')).toEqual(
      migrationsAfterFirstBoot,
    );
    expect(await t.app.orm.getMigrator().getPendingMigrations()).toEqual([]);
    expect(await t.app.orm.getMigrator().up()).toEqual([]);
    const data = await t.query('{ notes { nodes { text } } }', {}, { token: t.token('lan', ['leader']) });
    expect(data.notes.nodes).toEqual([{ text: 'kept across restarts' }]);
  });
});
