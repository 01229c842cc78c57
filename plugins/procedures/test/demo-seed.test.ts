import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { proceduresPlugin } from '..';
import {
  DossiersDocument,
  DossierStatisticsDocument,
  LookupDossierDocument,
} from '../../../test/graphql/generated';

describe('demo seed procedures.demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
  });
  afterAll(() => t.close());

  it('without the staff demo agencies, loads the catalogue only and does no harm', async () => {
    const applied = await t.app.runSeeds({ demo: true, only: ['procedures.demo'] });
    expect(applied).toEqual(['procedures.demo']);
    const codes = (await t.sql(`select code from procedures_procedure order by code`)).map((r) => r.code);
    expect(codes).toEqual(['1.000656', '1.000894', '1.001193', '1.004227', '2.000815']);
    expect((await t.sql(`select count(*)::int as n from procedures_dossier`))[0].n).toBe(0);
    // Run again on a platform with the staff demo: drop our record so the seed replays there.
    await t.sql(`delete from core_seed where name = 'procedures.demo'`);
  });

  it('after staff.demo-quang-ninh, plays a few hundred dossiers through the desk, in every state', async () => {
    expect(
      await t.app.runSeeds({ demo: true, only: ['staff.statutory-holidays', 'staff.demo-quang-ninh'] }),
    ).toEqual(['staff.statutory-holidays', 'staff.demo-quang-ninh']);
    const started = Date.now();
    expect(await t.app.runSeeds({ demo: true })).toEqual(['procedures.demo']);
    const seconds = (Date.now() - started) / 1000;
    const [{ n }] = await t.sql(`select count(*)::int as n from procedures_dossier`);
    expect(n).toBeGreaterThanOrEqual(200);
    const statuses = (
      await t.sql(`select status, count(*)::int as n from procedures_dossier group by status order by status`)
    ).map((r) => r.status);
    expect(statuses).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Handed-over dossiers have been accepted, except the ones just transferred.
    expect(
      (await t.sql(`select count(*)::int as n from procedures_dossier where transfer_pending`))[0].n,
    ).toBeGreaterThanOrEqual(2);
    const actions = (await t.sql(`select distinct action::text from procedures_dossier_step`))
      .map((r) => r.action)
      .sort();
    expect(actions).toEqual(
      expect.arrayContaining([
        'RECEIVE_AT_COUNTER',
        'SUBMIT_ONLINE',
        'RECEIVE',
        'REFUSE',
        'TRANSFER',
        'REQUEST_SUPPLEMENT',
        'RECEIVE_SUPPLEMENT',
        'REQUEST_FINANCIAL_OBLIGATION',
        'CONFIRM_FINANCIAL_OBLIGATION',
        'REQUEST_WITHDRAWAL',
        'APOLOGISE',
        'APPROVE',
        'RECORD_RESULT',
        'RETURN_RESULT',
      ]),
    );
    expect((await t.sql(`select count(*)::int as n from procedures_rating`))[0].n).toBeGreaterThan(20);
    // The real receipts, codes and verdicts: every received dossier has its receipt and appointment.
    expect(
      (
        await t.sql(
          `select count(*)::int as n from procedures_dossier where received_at is not null and (receipt_id is null or appointment_at is null)`,
        )
      )[0].n,
    ).toBe(0);
    expect(
      (
        await t.sql(
          `select count(*)::int as n from procedures_dossier where resolved_at is not null and timeliness is null`,
        )
      )[0].n,
    ).toBe(0);
    expect(
      (await t.sql(`select count(*)::int as n from core_seed where name = 'procedures.demo'`))[0].n,
    ).toBe(1);
    // No mail: the demo is silent.
    expect(
      await t.sql(`select 1 from graphile_worker.jobs where task_identifier = 'core.send-mail'`),
    ).toHaveLength(0);
    // The realm's demo users see a living desk.
    const officer = t.token('one-stop-officer', ['one-stop-officer']);
    const desk = (await t.query(DossiersDocument, { first: 5 }, { token: officer })).dossiers;
    expect(desk.totalCount).toBeGreaterThan(100);
    const leader = t.token('leader', ['leader']);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() + 7 * 3600_000 - 70 * 864e5).toISOString().slice(0, 10);
    const stats = (
      await t.query(DossierStatisticsDocument, { filter: { from, to: today } }, { token: leader })
    ).dossierStatistics.total;
    expect(stats.received.total).toBeGreaterThan(100);
    expect(stats.onTimeRate).toBeGreaterThan(0.7);
    // Citizens look demo dossiers up with the demo PIN.
    const [some] = await t.sql(`select code from procedures_dossier where status = 10 limit 1`);
    const view = (
      await t.query(LookupDossierDocument, {
        input: { code: some.code, secret: '123456' },
      })
    ).lookupDossier;
    expect(view.status).toBe('RETURNED');
    console.log(`procedures demo seed: ${n} dossiers in ${seconds.toFixed(1)} s`);
  }, 240_000); // a few hundred dossiers through the real services: slow on a loaded machine
});
