import type { Operation, TestApp, Variables } from '../../../test/harness';
import {
  type AgencyKind,
  CreateAdministrativeUnitDocument,
  CreateAgencyDocument,
  CreateDeskDocument,
  CreateOfficialDocument,
  type Position,
  type UnitType,
} from '../../../test/graphql/generated';

/**
 * Arranges, through the public API, a province with two communes, an agency and desk in each, and
 * officials: what most staff tests (and other plugins' tests) need.
 * Quảng Ninh keeps its real code (22); the two wards use fixed test codes 06940 and 06970 (their real
 * codes are 06688 and 06673, which the reorganisation tests use as the wards they merge into), and the
 * agencies' electronic ids are made up in the QCVN 102 shape.
 */
export interface StaffWorld {
  adminToken: string;
  province: { id: string };
  communeA: { id: string };
  communeB: { id: string };
  agencyA: { id: string };
  agencyB: { id: string };
  provinceAgency: { id: string };
  deskA: { id: string };
  deskB: { id: string };
  officerA: { id: string; username: string; token: string };
  officerB: { id: string; username: string; token: string };
  itAdminA: { id: string; username: string; token: string };
  leaderP: { id: string; username: string; token: string };
}

export async function arrangeStaffWorld(t: TestApp): Promise<StaffWorld> {
  const adminToken = t.token('root', ['platform-admin']);
  const q = <T = any, V extends Variables = Variables>(query: Operation<T, V>, variables: V) =>
    t.query(query, variables, { token: adminToken });
  const unit = async (code: string, name: string, type: UnitType, parentId?: string) =>
    (
      await q(CreateAdministrativeUnitDocument, {
        input: { code, name, type, parentId, validFrom: '2025-07-01' },
      })
    ).createAdministrativeUnit;
  const province = await unit('22', 'Tỉnh Quảng Ninh', 'PROVINCE');
  const communeA = await unit('06940', 'Phường Hạ Long', 'WARD', province.id);
  const communeB = await unit('06970', 'Phường Bãi Cháy', 'WARD', province.id);
  const agency = async (
    name: string,
    electronicId: string,
    unitId: string,
    kind: AgencyKind = 'PEOPLES_COMMITTEE',
  ) =>
    (
      await q(CreateAgencyDocument, {
        input: { name, electronicId, unitId, kind },
      })
    ).createAgency;
  const provinceAgency = await agency('UBND tỉnh Quảng Ninh', '000.00.00.H46', province.id);
  const agencyA = await agency('UBND phường Hạ Long', '000.01.01.H46', communeA.id);
  const agencyB = await agency('UBND phường Bãi Cháy', '000.02.01.H46', communeB.id);
  const desk = async (agencyId: string, code: string) => {
    const centre = (
      await q(`mutation($input: CreateOneStopCentreInput!) { createOneStopCentre(input: $input) { id } }`, {
        input: { agencyId, name: 'Bộ phận một cửa' },
      })
    ).createOneStopCentre;
    return (
      await q(CreateDeskDocument, {
        input: { centreId: centre.id, code, name: `Quầy số ${code}` },
      })
    ).createDesk;
  };
  const deskA = await desk(agencyA.id, '01');
  const deskB = await desk(agencyB.id, '01');
  const official = async (
    fullName: string,
    position: Position,
    agencyId: string,
    role: string,
    scope: Record<string, string>,
    deskId?: string,
  ) => {
    const created = (
      await q(CreateOfficialDocument, {
        input: {
          fullName,
          position,
          personalEmail: 'canbo@example.org',
          postings: [{ agencyId, deskId }],
          roles: [{ role, ...scope }],
        },
      })
    ).createOfficial;
    return { ...created, token: t.token(created.username, [role]) };
  };
  const officerA = await official(
    'Nguyễn Văn Hùng',
    'ONE_STOP_OFFICER',
    agencyA.id,
    'one-stop-officer',
    { agencyId: agencyA.id },
    deskA.id,
  );
  const officerB = await official(
    'Trần Thị Lan',
    'ONE_STOP_OFFICER',
    agencyB.id,
    'one-stop-officer',
    { agencyId: agencyB.id },
    deskB.id,
  );
  const itAdminA = await official('Lê Minh Đức', 'IT_ADMIN', agencyA.id, 'it-admin', { unitId: communeA.id });
  const leaderP = await official('Phạm Quốc Bảo', 'LEADER', provinceAgency.id, 'leader', {
    unitId: province.id,
  });
  return {
    adminToken,
    province,
    communeA,
    communeB,
    agencyA,
    agencyB,
    provinceAgency,
    deskA,
    deskB,
    officerA,
    officerB,
    itAdminA,
    leaderP,
  };
}
