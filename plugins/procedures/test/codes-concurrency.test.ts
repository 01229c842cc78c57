import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createProcedure } from './helpers';
import {
  formatDossierCode,
  sequencePeriod,
  validateCodePattern,
  CodePatternError,
} from '../domain/code-pattern';
import { SequenceReset } from '../domain/enums';
import { ReceiveDossierAtCounterDocument } from '../../../test/graphql/generated';

describe('dossier codes', () => {
  describe('patterns (pure)', () => {
    const at = new Date('2026-04-14T17:30:00Z'); // 00:30 on 15 Apr 2026 in Vietnam
    it('formats tokens in Vietnamese local time', () => {
      expect(
        formatDossierCode('{agencyId}-{yyMMdd}-{NNNN}', { agencyCode: '000.01.01.H46', at, sequence: 7 }),
      ).toBe('000.01.01.H46-260415-0007');
      expect(formatDossierCode('{agencyId}/{yyyy}/{MM}/{N}', { agencyCode: 'HL', at, sequence: 12345 })).toBe(
        'HL/2026/04/12345',
      );
      expect(formatDossierCode('{agencyId}-{yyyyMMdd}-{NNN}', { agencyCode: 'BC', at, sequence: 1000 })).toBe(
        'BC-20260415-1000',
      );
    });
    it('puts instants in the right counter period', () => {
      expect(sequencePeriod(SequenceReset.DAILY, at)).toBe('D2026-04-15');
      expect(sequencePeriod(SequenceReset.DAILY, new Date('2026-04-14T16:59:59Z'))).toBe('D2026-04-14');
      expect(sequencePeriod(SequenceReset.MONTHLY, new Date('2026-04-30T17:00:00Z'))).toBe('M2026-05');
      expect(sequencePeriod(SequenceReset.YEARLY, new Date('2026-12-31T17:00:00Z'))).toBe('Y2027');
    });
    it('refuses patterns that could repeat a code', () => {
      expect(() => validateCodePattern('{agencyId}-{yyMM}-{NNNN}', SequenceReset.DAILY)).toThrow(
        CodePatternError,
      );
      expect(() => validateCodePattern('{agencyId}-{yyMM}-{NNNN}', SequenceReset.MONTHLY)).not.toThrow();
      expect(() => validateCodePattern('{agencyId}-{NNNN}-{NN}', SequenceReset.YEARLY)).toThrow(
        /exactly one sequence/,
      );
    });
  });

  describe('under concurrent intake', () => {
    let t: TestApp;
    let w: StaffWorld;
    beforeAll(async () => {
      t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
      w = await arrangeStaffWorld(t);
      await createProcedure(t, w.adminToken, {
        code: '2.000815',
        name: 'Chứng thực bản sao từ bản chính',
        cases: [{ code: 'TH1', name: 'Chứng thực', limits: [{ amount: 4, unit: 'HOURS' }] }],
        fees: [],
        components: [{ code: 'BS', name: 'Bản sao', copies: 1 }],
      });
    });
    afterAll(() => t.close());

    it('gives 20 simultaneous intakes at one agency 20 different consecutive numbers', async () => {
      const receive = (i: number) =>
        t.request(
          ReceiveDossierAtCounterDocument,
          { input: { procedureCode: '2.000815', deskId: w.deskA.id, applicant: { name: `Người nộp ${i}` } } },
          { token: w.officerA.token },
        );
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => receive(i)));
      for (const r of results) expect(r.errors).toBeUndefined();
      const codes = results.map((r) => r.data!.receiveDossierAtCounter.dossierCode);
      expect(new Set(codes).size).toBe(20);
      const numbers = codes.map((c) => Number(c.split('-').pop())).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const [counter] = await t.sql(`select value from procedures_code_counter where agency_id = $1`, [
        w.agencyA.id,
      ]);
      expect(counter.value).toBe(20);
      expect((await t.sql(`select count(*)::int as n from procedures_dossier`))[0].n).toBe(20);
    });
  });
});
