import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '../../procedures';
import { createOfficial } from '../../procedures/test/helpers';
import { reformIndexPlugin, pointsFor } from '..';
import { DossierArranger, uploadFile } from './fixtures';
import { ServiceIndexDocument } from '../../../test/graphql/generated';

/**
 * The service index of QĐ 766 on a known population (March 2026, Phường Hạ Long), arranged with SQL,
 * read through GraphQL: each computed criterion's numerator, denominator and points, and the
 * dossiers behind the lost points.
 */

describe('pointsFor (explicit vectors)', () => {
  it.each([
    [20, 0.5, [], 10],
    [8, 0.4, [], 3.2],
    [6, 0.75, [], 4.5],
    [8, 1.2, [], 8],
    [4, null, [], 4],
    [
      20,
      0.5,
      [
        { minRate: 0.9, fraction: 1 },
        { minRate: 0.7, fraction: 0.5 },
        { minRate: 0.4, fraction: 0.25 },
      ],
      5,
    ],
    [
      20,
      0.95,
      [
        { minRate: 0.9, fraction: 1 },
        { minRate: 0.7, fraction: 0.5 },
      ],
      20,
    ],
    [
      20,
      0.3,
      [
        { minRate: 0.9, fraction: 1 },
        { minRate: 0.7, fraction: 0.5 },
      ],
      0,
    ],
  ])('max %p, rate %p, bands %j -> %p', (max, rate, bands, points) => {
    expect(pointsFor(max as number, rate as number | null, bands as never)).toBe(points);
  });
});

describe('service index (QĐ 766), live', () => {
  let t: TestApp;
  let w: StaffWorld;
  let d: DossierArranger;
  let leaderA: { token: string };
  let leaderB: { token: string };
  let assessorA: { token: string };
  const late: string[] = [];
  const counter: string[] = [];
  let unhappy = '';
  const march = (extra: Record<string, unknown> = {}) => ({ from: '2026-03-01', to: '2026-03-31', ...extra });

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin, reformIndexPlugin] });
    w = await arrangeStaffWorld(t);
    d = new DossierArranger(t);
    await d.init(w.adminToken);
    const A = { agency: w.agencyA.id, unit: w.communeA.id };
    leaderA = await createOfficial(t, w.adminToken, {
      fullName: 'Đặng Văn Quang',
      position: 'LEADER',
      agencyId: w.agencyA.id,
      role: 'leader',
      scope: { unitId: w.communeA.id },
    });
    leaderB = await createOfficial(t, w.adminToken, {
      fullName: 'Lê Thị Hoa',
      position: 'LEADER',
      agencyId: w.agencyB.id,
      role: 'leader',
      scope: { unitId: w.communeB.id },
    });
    assessorA = await createOfficial(t, w.adminToken, {
      fullName: 'Phạm Minh Tú',
      position: 'SPECIALIST',
      agencyId: w.agencyA.id,
      role: 'cchc-self-assessor',
      scope: { unitId: w.communeA.id },
    });
    // Resolved in March: 1 early, 1 on time, 2 late (on-time 2/4); results digitised 3/4.
    await d.dossier({
      ...A,
      status: 10,
      received: '2026-03-02T09:00:00',
      resolved: '2026-03-04T09:00:00',
      timeliness: 'EARLY',
      appointment: '2026-03-05T09:00:00',
      resultDigitised: true,
      digitised: true,
      channel: 'ONLINE',
      rating: [5, '2026-03-05T10:00:00'],
    });
    await d.dossier({
      ...A,
      status: 10,
      received: '2026-03-03T09:00:00',
      resolved: '2026-03-06T09:00:00',
      timeliness: 'ON_TIME',
      appointment: '2026-03-06T16:00:00',
      resultDigitised: true,
      channel: 'ONLINE',
    });
    late.push(
      (
        await d.dossier({
          ...A,
          status: 9,
          received: '2026-03-04T09:00:00',
          resolved: '2026-03-12T09:00:00',
          timeliness: 'LATE',
          appointment: '2026-03-09T09:00:00',
          resultDigitised: true,
        })
      ).code,
    );
    const lateAndUnhappy = await d.dossier({
      ...A,
      status: 10,
      received: '2026-03-05T09:00:00',
      resolved: '2026-03-20T09:00:00',
      timeliness: 'LATE',
      appointment: '2026-03-10T09:00:00',
      rating: [1, '2026-03-21T09:00:00'],
    });
    late.push(lateAndUnhappy.code);
    unhappy = lateAndUnhappy.code;
    // Received in March, still open: counter.
    counter.push(
      (
        await d.dossier({
          ...A,
          status: 4,
          received: '2026-03-25T09:00:00',
          appointment: '2026-04-02T09:00:00',
        })
      ).code,
    );
    // Outside: resolved in April; another commune; received in February.
    await d.dossier({
      ...A,
      status: 10,
      received: '2026-03-30T09:00:00',
      resolved: '2026-04-01T09:00:00',
      timeliness: 'LATE',
      appointment: '2026-03-31T09:00:00',
      channel: 'ONLINE',
    });
    await d.dossier({
      agency: w.agencyB.id,
      unit: w.communeB.id,
      status: 10,
      received: '2026-03-02T09:00:00',
      resolved: '2026-03-25T09:00:00',
      timeliness: 'LATE',
      appointment: '2026-03-05T09:00:00',
      rating: [1, '2026-03-26T09:00:00'],
    });
    await d.dossier({
      ...A,
      status: 10,
      received: '2026-02-20T09:00:00',
      resolved: '2026-02-21T09:00:00',
      timeliness: 'EARLY',
      appointment: '2026-02-25T09:00:00',
    });
    // Catalogue: effective 5 March, in the catalogue on 1 March (on time); effective 10 March, entered 15 March (late).
    await d.version(2, '2026-03-05', '2026-03-01T09:00:00');
    await d.version(3, '2026-03-10', '2026-03-15T09:00:00');
  });
  afterAll(() => t.close());

  const byCode = (index: any) => Object.fromEntries(index.criteria.map((c: any) => [c.criterion.code, c]));

  it('computes each criterion the data can compute, with its numerator, denominator and points', async () => {
    const { serviceIndex: index } = await t.query(
      ServiceIndexDocument,
      { filter: march({ unitId: w.communeA.id }), shortfallFirst: 10 },
      { token: leaderA.token },
    );
    const c = byCode(index);
    // Received in March (dossiers received 2,3,4,5,25,30 March): 6, of them online 3 (2, 3, 30 March), digitised 1.
    expect([c['4.3'].numerator, c['4.3'].denominator, c['4.3'].points]).toEqual([3, 6, 4]);
    expect([c['3.2'].numerator, c['3.2'].denominator, c['3.2'].points]).toEqual([1, 6, 1.33]);
    // Resolved in March: 4; early + on time 2 -> 20 x 0.5.
    expect([c['2.1'].numerator, c['2.1'].denominator, c['2.1'].rate, c['2.1'].points]).toEqual([
      2, 4, 0.5, 10,
    ]);
    expect([c['3.1'].numerator, c['3.1'].denominator, c['3.1'].points]).toEqual([3, 4, 6]);
    // One rating of 1 in March against 4 resolved -> (4 - 1) / 4 of 6 points.
    expect([c['5.3'].numerator, c['5.3'].denominator, c['5.3'].points]).toEqual([3, 4, 4.5]);
    // Versions effective in March: 2, one entered after its effective date.
    expect([c['1.2'].numerator, c['1.2'].denominator, c['1.2'].points]).toEqual([1, 2, 2]);
    for (const code of ['1.2', '2.1', '3.1', '3.2', '4.3', '5.3']) expect(c[code].source).toBe('COMPUTED');
    for (const code of ['1.1', '1.3', '1.4', '3.3', '4.1', '4.2', '4.4', '5.1', '5.2']) {
      expect(c[code].source).toBe('MISSING');
      expect(c[code].points).toBe(0);
    }
    expect(index.maxPoints).toBe(100);
    expect(index.groups.map((g: any) => [g.code, g.maxPoints])).toEqual([
      ['1', 18],
      ['2', 20],
      ['3', 22],
      ['4', 22],
      ['5', 18],
    ]);
    expect(index.computedPoints).toBe(2 + 10 + 6 + 1.33 + 4 + 4.5);
    expect(index.points).toBe(index.computedPoints);
    expect(c['2.1'].criterion.legalBasis).toMatch(/766\/QĐ-TTg/);
  });

  it('drills down to the dossiers that cost points', async () => {
    const { serviceIndex: index } = await t.query(
      ServiceIndexDocument,
      { filter: march({ unitId: w.communeA.id }), shortfallFirst: 10 },
      { token: leaderA.token },
    );
    const c = byCode(index);
    expect(c['2.1'].shortfall.totalCount).toBe(2);
    expect(c['2.1'].shortfall.items.map((i: any) => i.code)).toEqual(late);
    expect(c['2.1'].shortfall.items.every((i: any) => i.kind === 'DOSSIER' && i.dossierId)).toBe(true);
    // The points lost equal the share of the dossiers shown: 20 x 2/4.
    expect(20 - c['2.1'].points).toBe((20 * c['2.1'].shortfall.totalCount) / c['2.1'].denominator);
    expect(c['4.3'].shortfall.totalCount).toBe(c['4.3'].denominator - c['4.3'].numerator);
    expect(c['3.2'].shortfall.totalCount).toBe(5);
    expect(c['5.3'].shortfall.items.map((i: any) => i.code)).toEqual([unhappy]);
    expect(c['1.2'].shortfall.items).toEqual([
      expect.objectContaining({
        kind: 'PROCEDURE_VERSION',
        dossierId: null,
        reason: expect.stringMatching(/2026-03-10/),
      }),
    ]);
    // first caps the list, not the count.
    const small = byCode(
      (
        await t.query(
          ServiceIndexDocument,
          { filter: march({ unitId: w.communeA.id }), shortfallFirst: 1 },
          { token: leaderA.token },
        )
      ).serviceIndex,
    );
    expect([small['3.2'].shortfall.totalCount, small['3.2'].shortfall.items.length]).toEqual([5, 1]);
  });

  it('takes entered values with evidence for what it cannot compute', async () => {
    const fileId = await uploadFile(t, assessorA.token);
    const RECORD = `mutation($input: RecordServiceIndexValueInput!) { recordServiceIndexValue(input: $input) { id criterionCode numerator denominator evidence { fileId documentId } } }`;
    const noEvidence = await t.request(
      RECORD,
      { input: march({ criterionCode: '4.4', unitId: w.communeA.id, numerator: 3, denominator: 4 }) },
      { token: assessorA.token },
    );
    expect(noEvidence.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const computed = await t.request(
      RECORD,
      {
        input: march({
          criterionCode: '2.1',
          unitId: w.communeA.id,
          numerator: 3,
          denominator: 4,
          fileIds: [fileId],
        }),
      },
      { token: assessorA.token },
    );
    expect(computed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const otherUnit = await t.request(
      RECORD,
      {
        input: march({
          criterionCode: '4.4',
          unitId: w.communeB.id,
          numerator: 3,
          denominator: 4,
          fileIds: [fileId],
        }),
      },
      { token: assessorA.token },
    );
    expect(otherUnit.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const leaderTry = await t.request(
      RECORD,
      {
        input: march({
          criterionCode: '4.4',
          unitId: w.communeA.id,
          numerator: 3,
          denominator: 4,
          fileIds: [fileId],
        }),
      },
      { token: leaderA.token },
    );
    expect(leaderTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Evidence is checked as for a self-score: a document the platform does not hold is refused
    // (this app has no documents plugin, so no document id can be linked) and nothing is kept.
    const unknownDocument = await t.request(
      RECORD,
      {
        input: march({
          criterionCode: '4.4',
          unitId: w.communeA.id,
          numerator: 3,
          denominator: 4,
          fileIds: [fileId],
          documentIds: ['7d0c6a5e-1111-4a2b-9c3d-000000000001'],
        }),
      },
      { token: assessorA.token },
    );
    expect(unknownDocument.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'documentIds',
    });
    expect(await t.sql(`select 1 from reform_index_entered_value`)).toEqual([]);
    const recorded = await t.query(
      RECORD,
      {
        input: march({
          criterionCode: '4.4',
          unitId: w.communeA.id,
          numerator: 3,
          denominator: 4,
          note: 'Báo cáo thanh toán',
          fileIds: [fileId],
        }),
      },
      { token: assessorA.token },
    );
    expect(recorded.recordServiceIndexValue.evidence).toEqual([{ fileId, documentId: null }]);
    const c = byCode(
      (
        await t.query(
          ServiceIndexDocument,
          { filter: march({ unitId: w.communeA.id }), shortfallFirst: 1 },
          { token: leaderA.token },
        )
      ).serviceIndex,
    );
    expect([c['4.4'].source, c['4.4'].numerator, c['4.4'].denominator, c['4.4'].points]).toEqual([
      'ENTERED',
      3,
      4,
      4.5,
    ]);
    expect(c['4.4'].shortfall.totalCount).toBe(0);
    const [audit] = await t.sql(
      `select action, after from core_audit_entry where entity_type = 'reform_index_entered_value'`,
    );
    expect(audit.action).toBe('reform-index.service-value.record');
    expect(audit.after.fileIds).toEqual([fileId]);
  });

  it('keeps scope: another commune’s leader cannot read it; the province includes both communes', async () => {
    const denied = await t.request(
      ServiceIndexDocument,
      { filter: march({ unitId: w.communeA.id }), shortfallFirst: 1 },
      { token: leaderB.token },
    );
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.request(ServiceIndexDocument, {
      filter: march({ unitId: w.communeA.id }),
      shortfallFirst: 1,
    });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await t.request(
      ServiceIndexDocument,
      { filter: march({ unitId: 'x' }), shortfallFirst: 1 },
      { token: leaderA.token },
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const province = byCode(
      (
        await t.query(
          ServiceIndexDocument,
          { filter: march({ unitId: w.province.id }), shortfallFirst: 1 },
          { token: w.adminToken },
        )
      ).serviceIndex,
    );
    expect([province['2.1'].numerator, province['2.1'].denominator]).toEqual([2, 5]);
    const agency = byCode(
      (
        await t.query(
          ServiceIndexDocument,
          { filter: march({ agencyId: w.agencyB.id }), shortfallFirst: 5 },
          { token: leaderB.token },
        )
      ).serviceIndex,
    );
    expect([agency['2.1'].numerator, agency['2.1'].denominator, agency['5.3'].numerator]).toEqual([0, 1, 0]);
  });

  it('applies an amendment with scoring bands from its date on', async () => {
    const SET = `mutation($input: SetServiceIndexCriterionInput!) { setServiceIndexCriterion(input: $input) { code validFrom maxPoints bands { minRate fraction } } }`;
    const bands = [
      { minRate: 0.9, fraction: 1 },
      { minRate: 0.7, fraction: 0.5 },
      { minRate: 0.4, fraction: 0.25 },
    ];
    const denied = await t.request(
      SET,
      { input: { code: '2.1', validFrom: '2026-03-01', maxPoints: 20, bands, legalBasis: 'Sửa đổi (thử)' } },
      { token: leaderA.token },
    );
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await t.query(
      SET,
      { input: { code: '2.1', validFrom: '2026-03-01', maxPoints: 20, bands, legalBasis: 'Sửa đổi (thử)' } },
      { token: w.adminToken },
    );
    const c = byCode(
      (
        await t.query(
          ServiceIndexDocument,
          { filter: march({ unitId: w.communeA.id }), shortfallFirst: 1 },
          { token: leaderA.token },
        )
      ).serviceIndex,
    );
    expect(c['2.1'].points).toBe(5);
    const feb = byCode(
      (
        await t.query(
          ServiceIndexDocument,
          { filter: { from: '2026-02-01', to: '2026-02-28', unitId: w.communeA.id }, shortfallFirst: 1 },
          { token: leaderA.token },
        )
      ).serviceIndex,
    );
    expect([feb['2.1'].numerator, feb['2.1'].denominator, feb['2.1'].points]).toEqual([1, 1, 20]);
  });
});
