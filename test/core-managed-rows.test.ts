import { wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findManaged } from '../src';
import { createTestApp, TestApp } from './harness';
import { Note, NoteReply, notesPlugin } from './fixtures/notes.plugin';
import { insertNotesAndReply } from './fixtures/notes-data';

/**
 * findManaged: a prepared read whose rows become entities the unit of work tracks, as `em.find`'s do,
 * against the real PostgreSQL: the same values, changes flushed, what the request already holds kept.
 */
describe('findManaged', () => {
  let t: TestApp;
  const ids = ['00000000-0000-4000-8000-00000000f001', '00000000-0000-4000-8000-00000000f002'];
  const replyId = '00000000-0000-4000-8000-00000000f101';
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
    await insertNotesAndReply(t, [ids[0], ids[1]], replyId, '2026-12-07T01:02:03Z');
  });
  afterAll(() => t.close());

  const fork = () => t.app.services.orm.em.fork() as EntityManager;
  const noteById = async (em: EntityManager, id: string) =>
    (await findManaged(em, Note, 'n', 'where n.id = ?', [id]))[0];
  const textOf = async (id: string) =>
    (await t.sql<{ text: string }>(`select text from notes_note where id = $1`, [id]))[0].text;

  it('gives the values an ORM read gives, as entities the unit of work holds', async () => {
    const em = fork();
    const note = await noteById(em, ids[0]);
    expect(note).toBeInstanceOf(Note);
    expect(em.getUnitOfWork().getById(Note.name, ids[0])).toBe(note);
    expect(wrap(note, true).isInitialized()).toBe(true);
    expect(note.createdAt).toEqual(new Date('2026-12-07T01:02:03Z'));
    const loaded = await fork().findOneOrFail(Note, { id: ids[0] });
    expect({ ...note }).toEqual({ ...loaded });
    expect(
      await findManaged(em, Note, 'n', 'where n.id = ?', ['00000000-0000-4000-8000-00000000f0ff']),
    ).toEqual([]);
  });

  it('is tracked: a change is written by the next flush, and nothing else is', async () => {
    const em = fork();
    const [first, second] = await findManaged(em, Note, 'n', 'where n.id = any(?::uuid[]) order by n.text', [
      `{${ids.join(',')}}`,
    ]);
    expect([first.text, second.text]).toEqual(['first', 'second']);
    first.text = 'first, changed';
    await em.flush();
    expect(await textOf(ids[0])).toBe('first, changed');
    expect(await textOf(ids[1])).toBe('second');
    await t.sql(`update notes_note set text = 'first' where id = $1`, [ids[0]]);
  });

  it('flushes first what the read could miss, as em.find does (FlushMode.AUTO)', async () => {
    const em = fork();
    const id = '00000000-0000-4000-8000-00000000f004';
    em.create(Note, { id, text: 'created, not flushed', unitId: 'u4' });
    expect((await noteById(em, id))?.text).toBe('created, not flushed');
    expect(await textOf(id)).toBe('created, not flushed');
    const first = await noteById(em, ids[0]);
    first.text = 'changed, not flushed';
    const [found] = await findManaged(em, Note, 'n', "where n.text = 'changed, not flushed'", []);
    expect(found).toBe(first);
    await t.sql(`update notes_note set text = 'first' where id = $1`, [ids[0]]);
    await t.sql(`delete from notes_note where id = $1`, [id]);
  });

  it('answers an entity the request already loaded as it is there, its unflushed change kept', async () => {
    const em = fork();
    const managed = await em.findOneOrFail(Note, { id: ids[1] });
    managed.text = 'not yet flushed';
    const note = await noteById(em, ids[1]);
    expect(note).toBe(managed);
    expect(note.text).toBe('not yet flushed');
  });

  it('loads a reference the request holds into that same instance', async () => {
    const em = fork();
    const reference = em.getReference(Note, ids[0]);
    expect(wrap(reference, true).isInitialized()).toBe(false);
    const note = await noteById(em, ids[0]);
    expect(note).toBe(reference);
    expect(wrap(note, true).isInitialized()).toBe(true);
    expect(note.text).toBe('first');
  });

  it("makes a relation a reference of the request's unit of work", async () => {
    const em = fork();
    const [reply] = await findManaged(em, NoteReply, 'r', 'where r.id = ?', [replyId]);
    expect(reply.note.id).toBe(ids[0]);
    expect(reply.note.unwrap()).toBe(em.getReference(Note, ids[0]));
    expect((await reply.note.load())?.text).toBe('first');
  });

  it("reads on the transaction's connection inside one: it sees the transaction's own rows", async () => {
    const id = '00000000-0000-4000-8000-00000000f003';
    await fork()
      .transactional(async (em) => {
        await em.execute(
          `insert into notes_note (id, created_at, updated_at, text, unit_id) values (?, now(), now(), 'in tx', 'u3')`,
          [id],
        );
        const note = await noteById(em as EntityManager, id);
        expect(note?.text).toBe('in tx');
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await noteById(fork(), id)).toBeUndefined();
  });
});
