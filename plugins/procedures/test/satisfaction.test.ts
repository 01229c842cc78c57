import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createCommuneLeader, createProcedure } from './helpers';
import {
  DossierDocument,
  ReceiveDossierAtCounterDocument,
  SatisfactionSummaryDocument,
} from '../../../test/graphql/generated';

const RATE = `mutation($input: RateDossierInput!) { rateDossier(input: $input) { dossierCode ratedAt } }`;

describe('satisfaction: one rating per dossier, the 9-criterion survey, aggregates in scope', () => {
  let t: TestApp;
  let w: StaffWorld;
  let leaderA: { token: string };
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const tokenOf = (url: string | null) => url!.split('/').pop()!;

  const receive = async (token: string, deskId: string) =>
    (
      await t.query(
        ReceiveDossierAtCounterDocument,
        { input: { procedureCode: '2.000815', deskId, applicant: { name: 'Người nộp' } } },
        { token },
      )
    ).receiveDossierAtCounter;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    leaderA = await createCommuneLeader(t, w);
    await createProcedure(t, w.adminToken, {
      code: '2.000815',
      name: 'Chứng thực bản sao từ bản chính',
      field: 'Chứng thực',
      onlineLevel: null,
      cases: [{ code: 'TH1', name: 'Chứng thực', limits: [{ amount: 1, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'BS', name: 'Bản sao', copies: 1 }],
    });
  });
  afterAll(() => t.close());

  it('takes one public rating per dossier with the token of its receipt', async () => {
    const a1 = await receive(w.officerA.token, w.deskA.id);
    const form = (
      await t.query(
        `query($token: String!) { satisfactionForm(token: $token) { dossierCode procedureName agencyName alreadyRated } }`,
        { token: tokenOf(a1.satisfactionUrl) },
      )
    ).satisfactionForm;
    expect(form).toEqual({
      dossierCode: a1.dossierCode,
      procedureName: 'Chứng thực bản sao từ bản chính',
      agencyName: 'UBND phường Hạ Long',
      alreadyRated: false,
    });
    const survey = {
      totalTime: 5,
      timeAtEachAgency: 4,
      contacts: 5,
      agenciesContacted: 5,
      oneStopHandled: 5,
      publiclyListed: 4,
      attitude: 5,
      feedbackHandling: 4,
      onlineServices: 3,
    };
    const rated = (
      await t.query(RATE, {
        input: { token: tokenOf(a1.satisfactionUrl), rating: 5, comment: 'Cán bộ nhiệt tình', survey },
      })
    ).rateDossier;
    expect(rated.dossierCode).toBe(a1.dossierCode);
    const again = await t.request(RATE, { input: { token: tokenOf(a1.satisfactionUrl), rating: 1 } });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(
      (await t.request(RATE, { input: { token: 'x'.repeat(43), rating: 4 } })).errors?.[0].extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await t.request(RATE, { input: { token: 'short', rating: 4 } })).errors?.[0].extensions?.code,
    ).toBe('NOT_FOUND');
    const a2 = await receive(w.officerA.token, w.deskA.id);
    expect(
      (await t.request(RATE, { input: { token: tokenOf(a2.satisfactionUrl), rating: 6 } })).errors?.[0]
        .extensions?.code,
    ).toBe('BAD_USER_INPUT');
    expect(
      (
        await t.request(RATE, {
          input: { token: tokenOf(a2.satisfactionUrl), rating: 4, survey: { attitude: 0 } },
        })
      ).errors?.[0].extensions?.code,
    ).toBe('BAD_USER_INPUT');
    const rating = (await t.query(DossierDocument, { code: a1.dossierCode }, { token: w.officerA.token }))
      .dossier!.rating;
    expect(rating).toEqual({ rating: 5, comment: 'Cán bộ nhiệt tình' });
  });

  it('aggregates per agency, desk, official and month, only in scope', async () => {
    // Agency A: 5 (above), then 4 and 2; agency B: 3.
    const a2 = await receive(w.officerA.token, w.deskA.id);
    await t.query(RATE, {
      input: { token: tokenOf(a2.satisfactionUrl), rating: 4, survey: { attitude: 4, totalTime: 3 } },
    });
    const a3 = await receive(w.officerA.token, w.deskA.id);
    await t.query(RATE, {
      input: { token: tokenOf(a3.satisfactionUrl), rating: 2, comment: 'Phải đi lại nhiều lần' },
    });
    const b1 = await receive(w.officerB.token, w.deskB.id);
    await t.query(RATE, {
      input: { token: tokenOf(b1.satisfactionUrl), rating: 3, survey: { attitude: 3 } },
    });

    const byAgency = (
      await t.query(
        SatisfactionSummaryDocument,
        { filter: { from: today, to: today, groupBy: 'AGENCY' } },
        { token: w.leaderP.token },
      )
    ).satisfactionSummary;
    const summary = byAgency
      .map((g: any) => [g.label, g.count, g.average, g.distribution, g.satisfiedRate])
      .sort();
    expect(summary).toEqual([
      ['UBND phường Bãi Cháy', 1, 3, [0, 0, 1, 0, 0], 0],
      ['UBND phường Hạ Long', 3, 3.67, [0, 1, 0, 1, 1], 0.6667],
    ]);
    const hl = byAgency.find((g) => g.label === 'UBND phường Hạ Long')!;
    const criteria = Object.fromEntries(hl.criteria.map((c: any) => [c.criterion, [c.count, c.average]]));
    expect(criteria).toMatchObject({
      attitude: [2, 4.5],
      totalTime: [2, 4],
      onlineServices: [1, 3],
      feedbackHandling: [1, 4],
    });
    expect(hl.criteria.map((c: any) => c.criterion)).toEqual([
      'totalTime',
      'timeAtEachAgency',
      'contacts',
      'agenciesContacted',
      'oneStopHandled',
      'publiclyListed',
      'attitude',
      'feedbackHandling',
      'onlineServices',
    ]);

    const byOfficial = (
      await t.query(
        SatisfactionSummaryDocument,
        { filter: { from: today, to: today, groupBy: 'OFFICIAL' } },
        { token: w.leaderP.token },
      )
    ).satisfactionSummary;
    expect(byOfficial.map((g: any) => [g.label, g.count]).sort()).toEqual([
      ['Nguyễn Văn Hùng', 3],
      ['Trần Thị Lan', 1],
    ]);
    const byDesk = (
      await t.query(
        SatisfactionSummaryDocument,
        { filter: { from: today, to: today, groupBy: 'DESK' } },
        { token: w.leaderP.token },
      )
    ).satisfactionSummary;
    expect(byDesk.map((g: any) => [g.label, g.count]).sort()).toEqual([
      ['Quầy số 01 - UBND phường Bãi Cháy', 1],
      ['Quầy số 01 - UBND phường Hạ Long', 3],
    ]);
    const byMonth = (
      await t.query(
        SatisfactionSummaryDocument,
        { filter: { from: today, to: today, groupBy: 'MONTH' } },
        { token: w.leaderP.token },
      )
    ).satisfactionSummary;
    expect(byMonth).toHaveLength(1);
    expect(byMonth[0]).toMatchObject({ key: today.slice(0, 7), count: 4, average: 3.5 });
    const yesterday = new Date(Date.now() + 7 * 3600_000 - 864e5).toISOString().slice(0, 10);
    expect(
      (
        await t.query(
          SatisfactionSummaryDocument,
          { filter: { from: yesterday, to: yesterday } },
          { token: w.leaderP.token },
        )
      ).satisfactionSummary[0].count,
    ).toBe(0);

    // A commune leader sees their commune only; asking for another is refused; the desk cannot read aggregates.
    const own = (
      await t.query(
        SatisfactionSummaryDocument,
        { filter: { from: today, to: today } },
        { token: leaderA.token },
      )
    ).satisfactionSummary;
    expect(own).toEqual([expect.objectContaining({ count: 3, average: 3.67 })]);
    expect(
      (
        await t.request(
          SatisfactionSummaryDocument,
          { filter: { from: today, to: today, unitId: w.communeB.id } },
          { token: leaderA.token },
        )
      ).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await t.request(
          SatisfactionSummaryDocument,
          { filter: { from: today, to: today } },
          { token: w.officerA.token },
        )
      ).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const province = (
      await t.query(
        SatisfactionSummaryDocument,
        { filter: { from: today, to: today, unitId: w.province.id } },
        { token: w.leaderP.token },
      )
    ).satisfactionSummary;
    expect(province[0].count).toBe(4);
  });
});
