import { createTestApp, TestApp } from '../../../test/harness';
import { localToday } from '../../../src';
import { staffPlugin } from '../../staff';
import { proceduresPlugin } from '../../procedures';
import { reformIndexPlugin } from '..';
import { DEMO_CRITERIA } from '../seeds/demo.seed';
import {
  AssessmentResultsDocument,
  DossierStatisticsDocument,
  RecordSelfScoreDocument,
  type ServiceCriterionSource,
  ServiceIndexDocument,
} from '../../../test/graphql/generated';

/**
 * The demo seed reform-index.demo on top of the staff and procedures demos, seen through the API as
 * `npm start` serves it: the province's appraiser sees last year's published round ranked (with the
 * council's reasons) and this year's open round; the self-assessor of phường Hồng Gai sees and scores
 * only its own ward; the province's live service index has its entered values and its computed ones.
 */
describe('demo seed reform-index.demo', () => {
  let t: TestApp;
  let applied: string[];
  let appraiser: string;
  let assessor: string;
  const year = Number(localToday().slice(0, 4));

  const ROUNDS = `query($f: AssessmentRoundFilterInput) { assessmentRounds(filter: $f, first: 10) { totalCount
    nodes { id year status opensOn selfAssessmentDueOn unitIds criteriaSet { code maxTotal criteria { code leaf } } } } }`;
  const RESULTS = AssessmentResultsDocument;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin, reformIndexPlugin] });
    // The procedures demo plays 210 dossiers through their services: minutes on a loaded machine.
    applied = await t.app.runSeeds({ demo: true });
    appraiser = t.token('cchc-appraiser', ['cchc-appraiser']);
    assessor = t.token('cchc-self-assessor', ['cchc-self-assessor']);
  }, 300_000);
  afterAll(() => t?.close());

  it('runs after the staff and procedures demos, once', async () => {
    expect(applied.indexOf('reform-index.demo')).toBeGreaterThan(applied.indexOf('procedures.demo'));
    expect(applied.indexOf('procedures.demo')).toBeGreaterThan(applied.indexOf('staff.demo-quang-ninh'));
    expect(await t.app.runSeeds({ demo: true })).toEqual([]);
  });

  it('gives the appraiser last year’s published round, ranked with the council’s reasons', async () => {
    const rounds = (await t.query(ROUNDS, {}, { token: appraiser })).assessmentRounds;
    expect(rounds.totalCount).toBe(2);
    expect(rounds.nodes.map((r: any) => [r.year, r.status])).toEqual([
      [year, 'SELF_ASSESSMENT'],
      [year - 1, 'PUBLISHED'],
    ]);
    const [current, last] = rounds.nodes;
    expect(current.opensOn <= localToday() && localToday() <= current.selfAssessmentDueOn).toBe(true);
    expect(last.criteriaSet.maxTotal).toBe(100);
    expect(last.criteriaSet.criteria).toHaveLength(
      DEMO_CRITERIA.reduce(
        (n, c) => n + 1 + (c.children ?? []).reduce((m, k) => m + 1 + (k.children?.length ?? 0), 0),
        0,
      ),
    );

    const results = (await t.query(RESULTS, { roundId: last.id }, { token: appraiser })).assessmentResults;
    expect(results.map((r: any) => r.unitCode).sort()).toEqual(['06673', '06685', '06688', '06793', '07093']);
    // Ranked by final total, ties sharing a rank; each total is the sum of its leaves.
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      expect(r.maxTotal).toBe(100);
      const sum = r.criteria.reduce((s: number, c: any) => s + c.finalScore, 0);
      expect(r.finalTotal).toBeCloseTo(sum, 2);
      if (i > 0) expect(results[i - 1].finalTotal).toBeGreaterThanOrEqual(r.finalTotal);
      expect(r.rank).toBe(results.findIndex((x: any) => x.finalTotal === r.finalTotal) + 1);
    }
    const hongGai = results.find((r) => r.unitCode === '06685')!;
    const innovation = hongGai.criteria.find((c) => c.criterion.code === '1.5')!;
    expect(innovation).toMatchObject({ selfScore: 3, appraisedScore: 0, finalScore: 0 });
    expect(innovation.score?.appraisalReason).toContain('chưa có quyết định công nhận');
    expect(hongGai.selfTotal - hongGai.finalTotal).toBeCloseTo(3, 2);
    // Hand-scored criteria that need evidence carry a file; computed ones come from the platform.
    const plan = hongGai.criteria.find((c) => c.criterion.code === '1.1')!;
    expect(plan.score?.evidence).toHaveLength(1);
    expect(plan.score?.selfScoredBy).toBe('Trịnh Văn Hậu');
    const index = hongGai.criteria.find((c) => c.criterion.code === '7.2')!;
    expect(index.computedScore).not.toBeNull();
    expect(index.score).toBeNull();
  });

  it('wrote every score through the service: each one audited, with its evidence and its instant', async () => {
    const [n] = await t.sql(`select
      (select count(*)::int from reform_index_score where self_scored_at is not null) as self,
      (select count(*)::int from reform_index_score where appraised_at is not null) as appraised,
      (select count(distinct entity_id)::int from core_audit_entry where action = 'reform-index.score.self') as self_audited,
      (select count(distinct entity_id)::int from core_audit_entry where action = 'reform-index.score.appraise') as appraised_audited,
      (select count(*)::int from reform_index_score s join reform_index_round r on r.id = s.round_id
        where (s.self_scored_at at time zone 'Asia/Ho_Chi_Minh')::date not between r.opens_on and r.self_assessment_due_on) as outside`);
    // Last year: 19 hand-scored leaves × 5 wards, 3 changed by the council; this year: 19 + 12 + 3.
    expect(n).toEqual({
      self: 19 * 5 + 34,
      appraised: 3,
      self_audited: 19 * 5 + 34,
      appraised_audited: 3,
      outside: 0,
    });
    const [changed] = await t.sql(
      `select before, after from core_audit_entry where action = 'reform-index.score.appraise' and after->>'criterionCode' = '1.5'`,
    );
    expect(changed.before).toMatchObject({ selfScore: 3, appraisedScore: null });
    expect(changed.after).toMatchObject({
      appraisedScore: 0,
      reason: expect.stringContaining('chưa có quyết định'),
    });
  });

  it('lets the self-assessor of Hồng Gai see and score only its own ward', async () => {
    const rounds = (await t.query(ROUNDS, { f: { status: 'SELF_ASSESSMENT' } }, { token: assessor }))
      .assessmentRounds;
    expect(rounds.totalCount).toBe(1);
    const round = rounds.nodes[0];
    const own = (await t.query(RESULTS, { roundId: round.id }, { token: assessor })).assessmentResults;
    expect(own.map((r: any) => r.unitCode)).toEqual(['06685']);
    const [hongGai] = await t.sql<{ id: string }>(
      `select id from staff_unit where code = '06685' and valid_to is null`,
    );
    const [haLong] = await t.sql<{ id: string }>(
      `select id from staff_unit where code = '06688' and valid_to is null`,
    );
    const SELF = RecordSelfScoreDocument;
    const mine = await t.query(
      SELF,
      { input: { roundId: round.id, unitId: hongGai.id, criterionCode: '1.5', score: 0 } },
      { token: assessor },
    );
    expect(mine.recordSelfScore).toMatchObject({ selfScore: 0, selfScoredBy: 'Trịnh Văn Hậu' });
    const theirs = await t.request(
      SELF,
      { input: { roundId: round.id, unitId: haLong.id, criterionCode: '1.5', score: 0 } },
      { token: assessor },
    );
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('shows the province’s live service index with its entered and computed criteria', async () => {
    const [province] = await t.sql<{ id: string }>(
      `select id from staff_unit where code = '22' and valid_to is null`,
    );
    const index = (
      await t.query(
        ServiceIndexDocument,
        { filter: { unitId: province.id, from: `${year}-01-01`, to: `${year}-12-31` } },
        { token: appraiser },
      )
    ).serviceIndex;
    expect(index.maxPoints).toBe(100);
    const bySource = (source: ServiceCriterionSource) =>
      index.criteria.filter((c) => c.source === source).map((c) => c.criterion.code);
    expect(bySource('MISSING')).toEqual([]);
    expect(bySource('ENTERED')).toEqual(['1.1', '1.3', '1.4', '3.3', '4.1', '4.2', '4.4', '5.1', '5.2']);
    const onTime = index.criteria.find((c) => c.criterion.code === '2.1');
    expect(onTime?.source).toBe('COMPUTED');
    // Over the dossiers the procedures demo resolved this year (none yet in the year's first days).
    const resolved = (
      await t.query(
        DossierStatisticsDocument,
        { filter: { unitId: province.id, from: `${year}-01-01`, to: `${year}-12-31`, groupBy: 'NONE' } },
        { token: t.token('root', ['platform-admin']) },
      )
    ).dossierStatistics.total.resolved.total;
    expect(onTime?.denominator).toBe(resolved);
    expect(index.points).toBeGreaterThan(0);
  });
});
