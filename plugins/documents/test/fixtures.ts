import type { Operation, TestApp, Variables } from '../../../test/harness';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import {
  ApproveDocumentDocument,
  CreateDepartmentDocument,
  CreateDraftDocumentDocument,
  type CreateDraftDocumentInput,
  CreateOfficialDocument,
  IssueDocumentDocument,
  NumberDocumentDocument,
  type Position,
  RecordDocumentSignatureDocument,
  SubmitDocumentForApprovalDocument,
} from '../../../test/graphql/generated';

export interface Person {
  id: string;
  username: string;
  token: string;
  email: string;
}

export interface DocumentsWorld extends StaffWorld {
  departmentB: { id: string };
  clerkA: Person;
  leaderA: Person;
  specialistA: Person;
  clerkB: Person;
  leaderB: Person;
  /** Posted in departmentB. */
  specialistB: Person;
  /** Same agency, no assignment: the "unassigned official". */
  specialistB2: Person;
}

/**
 * The staff world (two wards with an agency each, a provincial leader) plus, created through the staff
 * createOfficial mutation, a records clerk, a leader and a specialist at each agency, a second
 * specialist at B and a department at B ("Phòng Văn hóa - Xã hội") where specialistB works.
 */
export async function arrangeDocumentsWorld(t: TestApp): Promise<DocumentsWorld> {
  const w = await arrangeStaffWorld(t);
  const admin = { token: w.adminToken };
  const departmentB = (
    await t.query(
      CreateDepartmentDocument,
      { input: { agencyId: w.agencyB.id, name: 'Phòng Văn hóa - Xã hội', code: 'VHXH' } },
      admin,
    )
  ).createDepartment;
  const official = async (
    fullName: string,
    position: Position,
    agencyId: string,
    role: string,
    email: string,
    extra: Record<string, unknown> = {},
    departmentId?: string,
  ): Promise<Person> => {
    const created = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName,
            position,
            email,
            postings: [{ agencyId, departmentId }],
            roles: [{ role, agencyId }],
            ...extra,
          },
        },
        admin,
      )
    ).createOfficial;
    return { ...created, email, token: t.token(created.username, [role]) };
  };
  const clerkA = await official(
    'Đỗ Thị Hằng',
    'RECORDS_CLERK',
    w.agencyA.id,
    'records-clerk',
    'hangdt@halong.example',
  );
  const leaderA = await official('Vũ Văn Thắng', 'LEADER', w.agencyA.id, 'leader', 'thangvv@halong.example', {
    title: 'Chủ tịch UBND phường',
  });
  const specialistA = await official(
    'Bùi Minh Châu',
    'SPECIALIST',
    w.agencyA.id,
    'specialist',
    'chaubm@halong.example',
  );
  const clerkB = await official(
    'Hoàng Thị Mai',
    'RECORDS_CLERK',
    w.agencyB.id,
    'records-clerk',
    'maiht@baichay.example',
  );
  const leaderB = await official('Ngô Đức Long', 'LEADER', w.agencyB.id, 'leader', 'longnd@baichay.example', {
    title: 'Chủ tịch UBND phường',
  });
  const specialistB = await official(
    'Đinh Văn Nam',
    'SPECIALIST',
    w.agencyB.id,
    'specialist',
    'namdv@baichay.example',
    {},
    departmentB.id,
  );
  const specialistB2 = await official(
    'Lý Thu Trang',
    'SPECIALIST',
    w.agencyB.id,
    'specialist',
    'tranglt@baichay.example',
  );
  return { ...w, departmentB, clerkA, leaderA, specialistA, clerkB, leaderB, specialistB, specialistB2 };
}

export const DOC_FIELDS = `id direction status documentType typeName number notation numberNotation arrivalNumber registeredAt issueDate subject
  issuerName issuerElectronicId urgency confidentiality receivedElectronically handlingDueAt directionNote completedAt`;

/** The local date (Asia/Ho_Chi_Minh) of an instant. */
export function localDate(instant: Date | string): string {
  return new Date(new Date(instant).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The first Monday–Friday after a local date. */
export function nextWeekday(date: string): string {
  let day = addDays(date, 1);
  while ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) day = addDays(day, 1);
  return day;
}

/** Arranges a document of agency A issued to the given recipients: draft, submit, approve, number, sign, issue. */
export async function issueFromA(
  t: TestApp,
  w: DocumentsWorld,
  input: Partial<CreateDraftDocumentInput> & Pick<CreateDraftDocumentInput, 'subject'>,
): Promise<any> {
  const q = <T = any, V extends Variables = Variables>(query: Operation<T, V>, variables: V, token: string) =>
    t.query(query, variables, { token });
  const draft = (
    await q(
      CreateDraftDocumentDocument,
      {
        input: { agencyId: w.agencyA.id, documentType: 'DECISION', signerOfficialId: w.leaderA.id, ...input },
      },
      w.specialistA.token,
    )
  ).createDraftDocument;
  await q(
    SubmitDocumentForApprovalDocument,
    { input: { documentId: draft.id, approverOfficialId: w.leaderA.id } },
    w.specialistA.token,
  );
  await q(ApproveDocumentDocument, { input: { documentId: draft.id } }, w.leaderA.token);
  await q(NumberDocumentDocument, { input: { documentId: draft.id } }, w.clerkA.token);
  await q(
    RecordDocumentSignatureDocument,
    {
      input: {
        documentId: draft.id,
        signerOfficialId: w.leaderA.id,
        certificateSerial: '540101A1B2C3',
        certificateIssuer: 'Ban Cơ yếu Chính phủ',
      },
    },
    w.leaderA.token,
  );
  return (await q(IssueDocumentDocument, { input: { documentId: draft.id } }, w.clerkA.token)).issueDocument;
}
