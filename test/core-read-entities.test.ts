import { wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { entityColumns, readEntities, readEntitiesWhere, readJoined, relationId } from '../src';
import { createTestApp, TestApp } from './harness';
import { Note, NoteReply, notesPlugin } from './fixtures/notes.plugin';
import { insertNotesAndReply } from './fixtures/notes-data';

/**
 * readEntities: rows read with hand-written SQL as entities that answer a query, against the real
 * PostgreSQL. What it must keep from the ORM (values, identity within a request) and what it must not
 * do (track, and so ever write, what it built).
 */
describe('readEntities and readEntitiesWhere', () => {
  let t: TestApp;
  const ids = ['00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-00000000e002'];
  const replyId = '00000000-0000-4000-8000-00000000e101';
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
    await insertNotesAndReply(t, [ids[0], ids[1]], replyId, '2026-12-06T01:02:03Z');
  });
  afterAll(() => t.close());

  const fork = () => t.app.services.orm.em.fork() as EntityManager;
  // The usual way in (a prepared select of the entity's columns), and readEntities on rows as such.
  const read = (em: EntityManager) =>
    readEntitiesWhere(em, Note, 'n', 'where n.id = any(?::uuid[]) order by n.text', [`{${ids.join(',')}}`]);
  const readRows = async (em: EntityManager) =>
    readEntities(
      em,
      Note,
      await em.execute(`select ${entityColumns(em, Note, 'n')} from notes_note n where n.id = ?`, [ids[0]]),
    );

  it('builds instances of the entity with the values an ORM read gives', async () => {
    const em = fork();
    const [first, second] = await read(em);
    expect(first).toBeInstanceOf(Note);
    expect({ id: first.id, text: first.text, unitId: first.unitId }).toEqual({
      id: ids[0],
      text: 'first',
      unitId: 'u1',
    });
    expect(first.createdAt).toEqual(new Date('2026-12-06T01:02:03Z'));
    expect(second.text).toBe('second');
    expect(await readRows(fork())).toEqual([expect.objectContaining({ id: ids[0], text: 'first' })]);
    const loaded = await fork().findOneOrFail(Note, { id: ids[0] });
    expect({ ...first }).toEqual({ ...loaded });
  });

  it('never writes what it built: a flush leaves the row alone', async () => {
    const em = fork();
    const [first] = await read(em);
    first.text = 'changed by mistake';
    await em.flush();
    const [row] = await t.sql<{ text: string }>(`select text from notes_note where id = $1`, [ids[0]]);
    expect(row.text).toBe('first');
  });

  it('answers an entity already in the unit of work as it is there, unflushed change included', async () => {
    const em = fork();
    const managed = await em.findOneOrFail(Note, { id: ids[1] });
    managed.text = 'not yet flushed';
    const [, second] = await read(em);
    expect(second).toBe(managed);
    expect(second.text).toBe('not yet flushed');
  });

  it('leaves a reference the unit of work holds but has not loaded as it is, and answers an instance of its own', async () => {
    const em = fork();
    const reference = em.getReference(Note, ids[0]);
    const [first] = await read(em);
    expect(first).not.toBe(reference);
    expect(first.text).toBe('first');
    expect(wrap(reference, true).isInitialized()).toBe(false);
    expect(em.getUnitOfWork().getById(Note.name, ids[0])).toBe(reference);
  });

  it('gives plain properties, not the accessors of a managed entity', async () => {
    const [first] = await read(fork());
    expect(Object.getOwnPropertyDescriptor(first, 'text')).toEqual(
      expect.objectContaining({ value: 'first', writable: true }),
    );
  });

  it("makes a relation's reference when it is first read, and relationId reads the id without it", async () => {
    const em = fork();
    const [reply] = await readEntitiesWhere(em, NoteReply, 'r', 'where r.id = ?', [replyId]);
    expect(relationId(reply, 'note')).toBe(ids[0]);
    expect(em.getUnitOfWork().getById(Note.name, ids[0])).toBeUndefined();
    expect(reply.note.id).toBe(ids[0]);
    expect(reply.note).toBe(reply.note); // made once, then kept
    expect(wrap(reply.note, true).isInitialized()).toBe(false);
    expect((await reply.note.load())?.text).toBe('first');
    expect(relationId(reply, 'note')).toBe(ids[0]);
    const managed = await em.findOneOrFail(NoteReply, { id: replyId });
    expect(relationId(managed, 'note')).toBe(ids[0]);
  });

  it('reads entities joined in one row as tuples (readJoined), read-only like the rest', async () => {
    const em = fork();
    const found = await readJoined(
      em,
      [NoteReply, Note],
      ['r', 'n'],
      'from notes_reply r join notes_note n on n.id = r.note_id where r.id = any(?::uuid[])',
      [`{${replyId}}`],
    );
    expect(found).toHaveLength(1);
    const [[reply, note]] = found;
    expect(reply).toBeInstanceOf(NoteReply);
    expect(note).toBeInstanceOf(Note);
    // Each entity has its own columns, though both tables have id, created_at, updated_at and text.
    expect({ id: reply.id, text: reply.text, note: relationId(reply, 'note') }).toEqual({
      id: replyId,
      text: 'reply',
      note: ids[0],
    });
    expect({ id: note.id, text: note.text, createdAt: note.createdAt }).toEqual({
      id: ids[0],
      text: 'first',
      createdAt: new Date('2026-12-06T01:02:03Z'),
    });
    note.text = 'changed by mistake';
    await em.flush();
    const [row] = await t.sql<{ text: string }>(`select text from notes_note where id = $1`, [ids[0]]);
    expect(row.text).toBe('first');
    const none = await readJoined(
      em,
      [NoteReply, Note],
      ['r', 'n'],
      'from notes_reply r join notes_note n on n.id = r.note_id where r.id = any(?::uuid[])',
      ['{00000000-0000-4000-8000-00000000e1ff}'],
    );
    expect(none).toEqual([]);
  });
});
