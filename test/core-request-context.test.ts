import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '../src';
import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';

/** A request's EntityManager is forked on first use, once: a request that never uses it forks none. */
describe('request context EntityManager', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
  });
  afterAll(() => t.close());

  it('forks on first use and keeps that fork', () => {
    const forks: EntityManager[] = [];
    const fork = () => {
      const em = t.app.services.orm.em.fork() as EntityManager;
      forks.push(em);
      return em;
    };
    const ctx = new RequestContext(t.app.services, fork, null);
    expect(forks).toHaveLength(0);
    const em = ctx.em;
    expect(ctx.em).toBe(em);
    expect(forks).toEqual([em]);
  });

  it('uses an EntityManager it is given as it is', () => {
    const em = t.app.services.orm.em.fork() as EntityManager;
    expect(new RequestContext(t.app.services, em, null).em).toBe(em);
  });
});
