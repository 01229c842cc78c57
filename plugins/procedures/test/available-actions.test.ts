import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createDepartment, createOfficial, createProcedure } from './helpers';
import {
  DossierDocument,
  type DossierAction,
  type Position,
  ReceiveDossierAtCounterDocument,
  SubmitDossierOnlineDocument,
} from '../../../test/graphql/generated';

/**
 * `availableActions` tells the truth, exhaustively: for every dossier state (statuses 1–10 and the
 * sub-states: transfer pending, accepted, proposed at the desk or by a specialist, proposal
 * returned, approved, apologised, after a supplement, withdrawal asked during processing) and every
 * role persona (the desk's officer, the agency's specialist, the commune's leader, an auditor, and
 * another commune's officer who cannot see it), every action offered succeeds when tried on a fresh
 * dossier in that state, and every action not offered is refused (FORBIDDEN, NOT_FOUND or
 * DOSSIER_INVALID_TRANSITION) and changes nothing. Everything goes through GraphQL; each state is
 * built by the same API calls.
 */
type Persona = 'officer' | 'specialist' | 'leader' | 'auditor' | 'outsider';
type State =
  | 'NEW'
  | 'NEW_SUPPLEMENT_REQUESTED'
  | 'NOT_RECEIVED'
  | 'RECEIVED'
  | 'TRANSFER_PENDING'
  | 'PROCESSING'
  | 'PROPOSED_AT_DESK'
  | 'PROPOSED'
  | 'PROPOSAL_RETURNED'
  | 'APPROVED'
  | 'SUPPLEMENT_REQUESTED'
  | 'SUPPLEMENT_RECEIVED'
  | 'APOLOGISED'
  | 'AWAITING_FINANCIAL_OBLIGATION'
  | 'WITHDRAWAL_REQUESTED'
  | 'WITHDRAWAL_REQUESTED_IN_PROCESSING'
  | 'STOPPED'
  | 'RESOLVED'
  | 'RETURNED';

const ACTIONS = [
  'RECEIVE',
  'REFUSE',
  'TRANSFER',
  'ACCEPT_TRANSFER',
  'REQUEST_SUPPLEMENT',
  'RECEIVE_SUPPLEMENT',
  'APOLOGISE',
  'REQUEST_FINANCIAL_OBLIGATION',
  'CONFIRM_FINANCIAL_OBLIGATION',
  'REQUEST_WITHDRAWAL',
  'ACCEPT_WITHDRAWAL',
  'CANCEL_WITHDRAWAL',
  'STOP',
  'PROPOSE_RESULT',
  'RETURN_PROPOSAL',
  'APPROVE',
  'RECORD_RESULT',
  'RETURN_RESULT',
] as const;
type Action = (typeof ACTIONS)[number];

describe('availableActions is the guard: every status × every role', () => {
  let t: TestApp;
  let w: StaffWorld;
  let dept: { id: string };
  let dept2: { id: string };
  const tokens = {} as Record<Persona, string>;
  let seq = 0;

  const get = async (id: string) =>
    (await t.query(DossierDocument, { id }, { token: w.adminToken })).dossier!;
  const offered = async (id: string, persona: Persona): Promise<DossierAction[] | null> => {
    const d = (await t.query(DossierDocument, { id }, { token: tokens[persona] })).dossier;
    return d ? d.availableActions.map((a) => a.action) : null;
  };

  /** Tries an action; answers the error code, or null when it succeeded. */
  async function attempt(id: string, action: Action, persona: Persona): Promise<string | null> {
    const d = await get(id);
    const base = { dossierId: id, version: d.version };
    const future = new Date(
      new Date(d.appointmentAt ?? Date.now()).getTime() + 30 * 86_400_000,
    ).toISOString();
    const calls: Record<Action, [string, string, Record<string, unknown>]> = {
      RECEIVE: ['receiveDossier', 'ReceiveDossierInput', { dossierId: id, version: d.version }],
      REFUSE: ['refuseDossier', 'RefuseDossierInput', { ...base, reason: 'Không đủ điều kiện' }],
      TRANSFER: [
        'transferDossier',
        'TransferDossierInput',
        { ...base, toDepartmentId: d.holderDepartmentId === dept.id ? dept2.id : dept.id },
      ],
      ACCEPT_TRANSFER: ['acceptDossierTransfer', 'DossierVersionInput', base],
      REQUEST_SUPPLEMENT: [
        'requestDossierSupplement',
        'RequestSupplementInput',
        { ...base, items: ['Tờ khai'] },
      ],
      RECEIVE_SUPPLEMENT: ['receiveDossierSupplement', 'DossierVersionInput', base],
      APOLOGISE: [
        'apologiseForDossierDelay',
        'ApologiseInput',
        { ...base, reason: 'Cần xác minh', newAppointmentAt: future },
      ],
      REQUEST_FINANCIAL_OBLIGATION: [
        'requestFinancialObligation',
        'RequestFinancialObligationInput',
        { ...base, items: ['Lệ phí'] },
      ],
      CONFIRM_FINANCIAL_OBLIGATION: ['confirmFinancialObligation', 'DossierVersionInput', base],
      REQUEST_WITHDRAWAL: [
        'requestDossierWithdrawal',
        'ReasonInput',
        { ...base, reason: 'Người nộp xin rút' },
      ],
      ACCEPT_WITHDRAWAL: ['acceptDossierWithdrawal', 'DossierVersionInput', base],
      CANCEL_WITHDRAWAL: ['cancelDossierWithdrawal', 'DossierVersionInput', base],
      STOP: ['stopDossier', 'ReasonInput', { ...base, reason: 'Dừng xử lý' }],
      PROPOSE_RESULT: [
        'submitDossierProposal',
        'SubmitDossierProposalInput',
        { ...base, note: 'Đủ điều kiện' },
      ],
      RETURN_PROPOSAL: ['returnDossierProposal', 'ReasonInput', { ...base, reason: 'Cần xác minh thêm' }],
      APPROVE: ['approveDossier', 'DossierVersionInput', base],
      RECORD_RESULT: [
        'recordDossierResult',
        'RecordResultInput',
        { ...base, resultNumber: '01/KQ', signer: 'Đặng Văn Quang' },
      ],
      RETURN_RESULT: ['returnDossierResult', 'DossierVersionInput', base],
    };
    const [mutation, type, input] = calls[action];
    const r = await t.request(
      `mutation($input: ${type}!) { ${mutation}(input: $input) { __typename } }`,
      { input },
      {
        token: tokens[persona],
      },
    );
    return r.errors?.length ? String(r.errors[0].extensions?.code) : null;
  }

  const as = async (persona: Persona, id: string, action: Action) => {
    const code = await attempt(id, action, persona);
    if (code) throw new Error(`building: ${action} as ${persona} failed with ${code}`);
  };
  const counter = async () => {
    seq++;
    return (
      await t.query(
        ReceiveDossierAtCounterDocument,
        { input: { procedureCode: '1.000894', deskId: w.deskA.id, applicant: { name: `Người nộp ${seq}` } } },
        { token: tokens.officer },
      )
    ).receiveDossierAtCounter.dossierId;
  };
  const online = async () => {
    seq++;
    const { code } = (
      await t.query(SubmitDossierOnlineDocument, {
        input: {
          procedureCode: '1.000894',
          agencyId: w.agencyA.id,
          applicant: { name: `Người nộp ${seq}`, idNumber: '022190001234', phone: '0912345678' },
          components: [],
        },
      })
    ).submitDossierOnline;
    return (await t.query(DossierDocument, { code }, { token: w.adminToken })).dossier!.id;
  };

  /** Builds a fresh dossier in a state, through the API. */
  const build: Record<State, () => Promise<string>> = {
    NEW: online,
    NEW_SUPPLEMENT_REQUESTED: async () => {
      const id = await online();
      await as('officer', id, 'REQUEST_SUPPLEMENT');
      return id;
    },
    NOT_RECEIVED: async () => {
      const id = await online();
      await as('officer', id, 'REFUSE');
      return id;
    },
    RECEIVED: counter,
    TRANSFER_PENDING: async () => {
      const id = await counter();
      await as('officer', id, 'TRANSFER');
      return id;
    },
    PROCESSING: async () => {
      const id = await build.TRANSFER_PENDING();
      await as('specialist', id, 'ACCEPT_TRANSFER');
      return id;
    },
    // A procedure settled at the desk: its officer proposes, the dossier never left status 2.
    PROPOSED_AT_DESK: async () => {
      const id = await counter();
      await as('officer', id, 'PROPOSE_RESULT');
      return id;
    },
    PROPOSED: async () => {
      const id = await build.PROCESSING();
      await as('specialist', id, 'PROPOSE_RESULT');
      return id;
    },
    PROPOSAL_RETURNED: async () => {
      const id = await build.PROPOSED();
      await as('leader', id, 'RETURN_PROPOSAL');
      return id;
    },
    APPROVED: async () => {
      const id = await build.PROPOSED();
      await as('leader', id, 'APPROVE');
      return id;
    },
    SUPPLEMENT_REQUESTED: async () => {
      const id = await build.PROCESSING();
      await as('specialist', id, 'REQUEST_SUPPLEMENT');
      return id;
    },
    // The supplement was asked for and arrived: a second one is never offered (once per dossier).
    SUPPLEMENT_RECEIVED: async () => {
      const id = await build.SUPPLEMENT_REQUESTED();
      await as('specialist', id, 'RECEIVE_SUPPLEMENT');
      return id;
    },
    APOLOGISED: async () => {
      const id = await build.PROCESSING();
      await as('specialist', id, 'APOLOGISE');
      return id;
    },
    AWAITING_FINANCIAL_OBLIGATION: async () => {
      const id = await build.PROCESSING();
      await as('specialist', id, 'REQUEST_FINANCIAL_OBLIGATION');
      return id;
    },
    WITHDRAWAL_REQUESTED: async () => {
      const id = await counter();
      await as('officer', id, 'REQUEST_WITHDRAWAL');
      return id;
    },
    WITHDRAWAL_REQUESTED_IN_PROCESSING: async () => {
      const id = await build.PROCESSING();
      await as('officer', id, 'REQUEST_WITHDRAWAL');
      return id;
    },
    STOPPED: async () => {
      const id = await counter();
      await as('leader', id, 'STOP');
      return id;
    },
    RESOLVED: async () => {
      const id = await build.APPROVED();
      await as('specialist', id, 'RECORD_RESULT');
      return id;
    },
    RETURNED: async () => {
      const id = await build.RESOLVED();
      await as('officer', id, 'RETURN_RESULT');
      return id;
    },
  };

  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: { PROCEDURES_SUBMIT_PER_IP_PER_HOUR: '1000' },
    });
    w = await arrangeStaffWorld(t);
    dept = await createDepartment(t, w.adminToken, w.agencyA.id, 'Phòng Văn hóa - Xã hội');
    dept2 = await createDepartment(t, w.adminToken, w.agencyA.id, 'Phòng Kinh tế');
    tokens.officer = w.officerA.token;
    tokens.outsider = w.officerB.token;
    const official = (fullName: string, position: Position, role: string, scope: Record<string, string>) =>
      createOfficial(t, w.adminToken, { fullName, position, agencyId: w.agencyA.id, role, scope });
    tokens.specialist = (
      await official('Vũ Thị Hằng', 'SPECIALIST', 'specialist', { agencyId: w.agencyA.id })
    ).token;
    tokens.leader = (await official('Đặng Văn Quang', 'LEADER', 'leader', { unitId: w.communeA.id })).token;
    tokens.auditor = (
      await official('Bùi Thị Yến', 'SPECIALIST', 'auditor', { unitId: w.communeA.id })
    ).token;
    await createProcedure(t, w.adminToken, {
      code: '1.000894',
      name: 'Đăng ký kết hôn',
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Thông thường', limits: [{ amount: 5, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [],
    });
  }, 120_000);
  afterAll(() => t.close());

  const states = Object.keys(build) as State[];
  const personas: Persona[] = ['officer', 'specialist', 'leader', 'auditor', 'outsider'];

  it.each(states)(
    'state %s: offered ⇔ allowed, for every persona',
    async (state) => {
      const probe = await build[state]();
      const before = await get(probe);
      const mismatches: string[] = [];
      let offeredSomewhere = 0;
      for (const persona of personas) {
        const list = await offered(probe, persona);
        // A persona who cannot see the dossier is offered nothing (and every action is NOT_FOUND below).
        const offers = new Set(list ?? []);
        for (const action of ACTIONS) {
          if (offers.has(action)) {
            offeredSomewhere++;
            // Tried on a fresh dossier in the same state: an offered action must succeed.
            const code = await attempt(await build[state](), action, persona);
            if (code) mismatches.push(`${persona} offered ${action} but it failed with ${code}`);
          } else {
            const code = await attempt(probe, action, persona);
            if (code === null) mismatches.push(`${persona} not offered ${action} but it succeeded`);
            else if (!['FORBIDDEN', 'NOT_FOUND', 'DOSSIER_INVALID_TRANSITION'].includes(code))
              mismatches.push(`${persona} not offered ${action}: refused with ${code}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      // Refusals changed nothing.
      expect(await get(probe)).toEqual(before);
      // Ended dossiers offer nothing; every open state offers something to someone.
      if (['NOT_RECEIVED', 'STOPPED', 'RETURNED'].includes(state)) expect(offeredSomewhere).toBe(0);
      else expect(offeredSomewhere).toBeGreaterThan(0);
    },
    300_000,
  );
});
