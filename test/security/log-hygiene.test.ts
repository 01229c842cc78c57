import { Migration } from '@mikro-orm/migrations';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { createTestApp, TestApp } from '../harness';
import { defineJob, definePlugin, type RequestContext } from '../../src';

/**
 * A row the database refuses (a check constraint) never reaches the logs or the job's stored error
 * with its values: PostgreSQL's detail says "Failing row contains (…)" and MikroORM's message holds
 * the statement with its parameters. Fixture plugin: a table whose check a value can fail, written
 * from a mutation and from a job.
 */
const SECRET = 'SECRET-9731-PIN';

class Migration20260102000000_hygiene extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table hygiene_row (id serial primary key, pin text not null check (length(pin) = 4))`,
    );
  }
}

const insertPin = (ctx: RequestContext, pin: string) =>
  ctx.em.getConnection().execute(`insert into hygiene_row (pin) values (?)`, [pin]);

const storePinJob = defineJob<{ pin: string }>({
  name: 'hygiene.store-pin',
  maxAttempts: 1,
  async handler(payload, ctx) {
    await insertPin(ctx, payload.pin);
  },
});

@Resolver()
class HygieneResolver {
  @Mutation(() => Boolean)
  async storePin(@Ctx() ctx: RequestContext, @Arg('pin') pin: string) {
    await insertPin(ctx, pin);
    return true;
  }
}

const hygienePlugin = definePlugin({
  id: 'hygiene',
  description: 'Fixture: a check constraint a value can fail',
  resolvers: () => [HygieneResolver],
  migrations: () => [Migration20260102000000_hygiene],
  jobs: [storePinJob],
});

describe('security: a failing check constraint logs no row values', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [hygienePlugin],
      env: { LOG_LEVEL: 'debug' },
      logDestination: { write: (line: string) => void lines.push(line) },
    });
  });
  afterAll(() => t?.close());

  it('from a request: answered INTERNAL_SERVER_ERROR, logged with the constraint only', async () => {
    const res = await t.request(`mutation { storePin(pin: "${SECRET}") }`, undefined, {
      token: t.token('admin', ['platform-admin']),
    });
    expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(res)).not.toContain(SECRET);
    const logged = lines.filter((l) => l.includes('hygiene_row_pin_check'));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(SECRET);
  });

  it('from a job: the log and the stored last_error name the constraint, not the row', async () => {
    const ctx = t.app.systemContext();
    await ctx.enqueue('hygiene.store-pin', { pin: SECRET.toLowerCase() });
    await ctx.em.flush();
    await t.runJobs();
    const [job] = await t.sql<{ last_error: string }>(
      `select last_error from graphile_worker.jobs where task_identifier = 'hygiene.store-pin'`,
    );
    expect(job.last_error).toMatch(/hygiene_row_pin_check/);
    expect(job.last_error.toLowerCase()).not.toContain(SECRET.toLowerCase());
    expect(lines.filter((l) => l.includes('hygiene_row_pin_check')).length).toBeGreaterThan(1);
    for (const line of lines) expect(line.toLowerCase()).not.toContain(SECRET.toLowerCase());
  });
});
