import { pgArray, type RequestContext, type SeedDefinition } from '../../../src';
import { AgencyKind } from '../entities/agency.entity';
import { Position } from '../entities/official.entity';
import { UnitType } from '../entities/unit-type';
import { agencies, officials, units } from '../services';
import { importUnits, recomputePaths, REFORM_DATE } from '../services/unit-import.service';
import { OLD_COMMUNE_DISTRICT, QUANG_NINH_MERGES, QUANG_NINH_SPLITS } from './quang-ninh-2025.data';

/**
 * Demo data from the field: Quảng Ninh before the 2025 reform (the province, three of its districts
 * and their wards and communes, real GSO codes) and after it (the new province and nine new wards,
 * with successions), agencies with their one-stop centres, desks and departments, and officials for
 * every standard role. The six demo users of the Keycloak realm (leader, one-stop-officer,
 * specialist, records-clerk, it-admin, auditor) are officials here, with a scope.
 */

export const DEMO_SEED_NAME = 'staff.demo-quang-ninh';

/** GSO district codes (verified against the GSO district list; names as on 30 June 2025). */
export const DEMO_DISTRICTS = [
  { code: '193', name: 'Thành phố Hạ Long', type: UnitType.PROVINCIAL_CITY },
  { code: '195', name: 'Thành phố Cẩm Phả', type: UnitType.PROVINCIAL_CITY },
  // Thị xã Đông Triều became Thành phố Đông Triều on 1 Nov 2024 (NQ 1199/NQ-UBTVQH15), code unchanged.
  { code: '205', name: 'Thành phố Đông Triều', type: UnitType.PROVINCIAL_CITY },
] as const;

interface DemoAgency {
  key: string;
  name: string;
  kind: AgencyKind;
  /** Real for UBND tỉnh (000.00.00.H49, QĐ 3739/QĐ-UBND 2016); the others follow QCVN 102:2016 but are illustrative. */
  electronicId: string;
  /** Code of the NEW unit the agency belongs to. */
  unitCode: string;
  parent?: string;
  address: string;
  departments: string[];
  centre?: { name: string; desks: Array<{ code: string; name: string; fields: string[] }> };
}

const WARD_DEPARTMENTS = [
  'Văn phòng HĐND và UBND',
  'Phòng Kinh tế, Hạ tầng và Đô thị',
  'Phòng Văn hóa - Xã hội',
];
const wardCentre = (ward: string, desks = 2) => ({
  name: `Trung tâm Phục vụ hành chính công ${ward}`,
  desks: [
    { code: '01', name: 'Quầy số 01', fields: ['Hộ tịch', 'Chứng thực'] },
    { code: '02', name: 'Quầy số 02', fields: ['Đất đai', 'Xây dựng'] },
    { code: '03', name: 'Quầy số 03', fields: ['Đăng ký kinh doanh', 'Lao động - Thương binh và Xã hội'] },
  ].slice(0, desks),
});

export const DEMO_AGENCIES: DemoAgency[] = [
  {
    key: 'ubnd-tinh',
    name: 'UBND tỉnh Quảng Ninh',
    kind: AgencyKind.PEOPLES_COMMITTEE,
    electronicId: '000.00.00.H49',
    unitCode: '22',
    address: 'Phường Hồng Gai, tỉnh Quảng Ninh',
    departments: ['Văn phòng UBND tỉnh'],
  },
  {
    key: 'tthcc-tinh',
    name: 'Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh',
    kind: AgencyKind.PUBLIC_SERVICE_CENTRE,
    electronicId: '000.00.31.H49',
    unitCode: '22',
    parent: 'ubnd-tinh',
    address: 'Phường Hồng Gai, tỉnh Quảng Ninh',
    departments: ['Phòng Tiếp nhận và Trả kết quả', 'Phòng Công nghệ thông tin'],
    centre: {
      name: 'Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh',
      desks: [
        { code: '01', name: 'Quầy Tư pháp', fields: ['Lý lịch tư pháp', 'Quốc tịch'] },
        { code: '02', name: 'Quầy Tài nguyên và Môi trường', fields: ['Đất đai', 'Môi trường'] },
        { code: '03', name: 'Quầy Đầu tư', fields: ['Đăng ký doanh nghiệp', 'Đầu tư'] },
        { code: '04', name: 'Quầy Xây dựng', fields: ['Xây dựng', 'Nhà ở'] },
      ],
    },
  },
  {
    key: 'so-tu-phap',
    name: 'Sở Tư pháp tỉnh Quảng Ninh',
    kind: AgencyKind.PROVINCIAL_DEPARTMENT,
    electronicId: '000.00.16.H49',
    unitCode: '22',
    parent: 'ubnd-tinh',
    address: 'Phường Hồng Gai, tỉnh Quảng Ninh',
    departments: ['Văn phòng Sở', 'Phòng Hành chính tư pháp', 'Phòng Bổ trợ tư pháp'],
  },
  {
    key: 'ubnd-hong-gai',
    name: 'UBND phường Hồng Gai',
    kind: AgencyKind.PEOPLES_COMMITTEE,
    electronicId: '000.01.41.H49',
    unitCode: '06685',
    address: 'Phường Hồng Gai, tỉnh Quảng Ninh',
    departments: WARD_DEPARTMENTS,
    centre: wardCentre('phường Hồng Gai', 3),
  },
  {
    key: 'ubnd-ha-long',
    name: 'UBND phường Hạ Long',
    kind: AgencyKind.PEOPLES_COMMITTEE,
    electronicId: '000.02.41.H49',
    unitCode: '06688',
    address: 'Phường Hạ Long, tỉnh Quảng Ninh',
    departments: WARD_DEPARTMENTS,
    centre: wardCentre('phường Hạ Long'),
  },
  {
    key: 'ubnd-bai-chay',
    name: 'UBND phường Bãi Cháy',
    kind: AgencyKind.PEOPLES_COMMITTEE,
    electronicId: '000.03.41.H49',
    unitCode: '06673',
    address: 'Phường Bãi Cháy, tỉnh Quảng Ninh',
    departments: WARD_DEPARTMENTS,
    centre: wardCentre('phường Bãi Cháy'),
  },
  {
    key: 'ubnd-cam-pha',
    name: 'UBND phường Cẩm Phả',
    kind: AgencyKind.PEOPLES_COMMITTEE,
    electronicId: '000.01.42.H49',
    unitCode: '06793',
    address: 'Phường Cẩm Phả, tỉnh Quảng Ninh',
    departments: WARD_DEPARTMENTS,
    centre: wardCentre('phường Cẩm Phả'),
  },
  {
    key: 'ubnd-dong-trieu',
    name: 'UBND phường Đông Triều',
    kind: AgencyKind.PEOPLES_COMMITTEE,
    electronicId: '000.01.43.H49',
    unitCode: '07093',
    address: 'Phường Đông Triều, tỉnh Quảng Ninh',
    departments: WARD_DEPARTMENTS,
    centre: wardCentre('phường Đông Triều'),
  },
];

interface DemoOfficial {
  /** Only for the realm's demo users; the others get the derived name (given name + initials). */
  username?: string;
  fullName: string;
  position: Position;
  title: string;
  agency: string;
  department?: string;
  desk?: string;
  role: string;
  /** The role's scope: the agency itself, or a unit by its NEW code. */
  scope: { agency: string } | { unitCode: string };
}

/** The realm's demo users first (usernames fixed), then a few more named officials. */
export const DEMO_OFFICIALS: DemoOfficial[] = [
  {
    username: 'leader',
    fullName: 'Vũ Đức Thắng',
    position: Position.LEADER,
    title: 'Chủ tịch UBND phường Hồng Gai',
    agency: 'ubnd-hong-gai',
    department: 'Văn phòng HĐND và UBND',
    role: 'leader',
    scope: { unitCode: '06685' },
  },
  {
    username: 'one-stop-officer',
    fullName: 'Nguyễn Thị Thanh Hương',
    position: Position.ONE_STOP_OFFICER,
    title: 'Công chức Bộ phận một cửa',
    agency: 'ubnd-hong-gai',
    desk: '01',
    role: 'one-stop-officer',
    scope: { agency: 'ubnd-hong-gai' },
  },
  {
    username: 'specialist',
    fullName: 'Lê Văn Nam',
    position: Position.SPECIALIST,
    title: 'Công chức Tư pháp - Hộ tịch',
    agency: 'ubnd-hong-gai',
    department: 'Phòng Văn hóa - Xã hội',
    role: 'specialist',
    scope: { agency: 'ubnd-hong-gai' },
  },
  {
    username: 'records-clerk',
    fullName: 'Phạm Thị Lan Anh',
    position: Position.RECORDS_CLERK,
    title: 'Văn thư',
    agency: 'ubnd-hong-gai',
    department: 'Văn phòng HĐND và UBND',
    role: 'records-clerk',
    scope: { agency: 'ubnd-hong-gai' },
  },
  {
    username: 'it-admin',
    fullName: 'Hoàng Minh Tuấn',
    position: Position.IT_ADMIN,
    title: 'Chuyên viên Công nghệ thông tin',
    agency: 'tthcc-tinh',
    department: 'Phòng Công nghệ thông tin',
    role: 'it-admin',
    scope: { unitCode: '22' },
  },
  {
    username: 'auditor',
    fullName: 'Đỗ Thị Mai',
    position: Position.OTHER,
    title: 'Chuyên viên kiểm soát thủ tục hành chính',
    agency: 'ubnd-tinh',
    department: 'Văn phòng UBND tỉnh',
    role: 'auditor',
    scope: { unitCode: '22' },
  },
  {
    fullName: 'Bùi Văn Khánh',
    position: Position.LEADER,
    title: 'Phó Chủ tịch UBND tỉnh',
    agency: 'ubnd-tinh',
    role: 'leader',
    scope: { unitCode: '22' },
  },
  {
    fullName: 'Đặng Thị Ngọc Ánh',
    position: Position.ONE_STOP_OFFICER,
    title: 'Công chức tiếp nhận và trả kết quả',
    agency: 'tthcc-tinh',
    desk: '01',
    role: 'one-stop-officer',
    scope: { agency: 'tthcc-tinh' },
  },
  {
    fullName: 'Lý Thị Hồng Nhung',
    position: Position.SPECIALIST,
    title: 'Chuyên viên Phòng Hành chính tư pháp',
    agency: 'so-tu-phap',
    department: 'Phòng Hành chính tư pháp',
    role: 'specialist',
    scope: { agency: 'so-tu-phap' },
  },
  {
    fullName: 'Mai Xuân Trường',
    position: Position.LEADER,
    title: 'Chủ tịch UBND phường Hạ Long',
    agency: 'ubnd-ha-long',
    role: 'leader',
    scope: { unitCode: '06688' },
  },
  {
    fullName: 'Ngô Quang Huy',
    position: Position.ONE_STOP_OFFICER,
    title: 'Công chức Bộ phận một cửa',
    agency: 'ubnd-bai-chay',
    desk: '01',
    role: 'one-stop-officer',
    scope: { agency: 'ubnd-bai-chay' },
  },
  {
    fullName: 'Trịnh Văn Long',
    position: Position.LEADER,
    title: 'Chủ tịch UBND phường Cẩm Phả',
    agency: 'ubnd-cam-pha',
    role: 'leader',
    scope: { unitCode: '06793' },
  },
  {
    fullName: 'Đinh Thị Thu Trang',
    position: Position.ONE_STOP_OFFICER,
    title: 'Công chức Bộ phận một cửa',
    agency: 'ubnd-dong-trieu',
    desk: '01',
    role: 'one-stop-officer',
    scope: { agency: 'ubnd-dong-trieu' },
  },
];

async function unitIdByCode(
  ctx: RequestContext,
  code: string,
  level: number,
  side: 'old' | 'new',
): Promise<string> {
  const rows = await ctx.em.execute<Array<{ id: string }>>(
    `select id from staff_unit where code = ? and level = ? and ${side === 'old' ? 'valid_to' : 'valid_from'} = ?::date`,
    [code, level, REFORM_DATE],
  );
  if (!rows.length) throw new Error(`Demo seed: unit ${code} (${side}) is missing`);
  return rows[0].id;
}

export async function runDemoSeed(ctx: RequestContext): Promise<void> {
  // 1. Units and successions, through the same import as the full dataset.
  await importUnits(ctx, { merges: QUANG_NINH_MERGES, splits: QUANG_NINH_SPLITS, strict: true });

  // 2. The old district level the dataset lacks: three districts, their communes moved under them.
  const oldProvinceId = await unitIdByCode(ctx, '22', 1, 'old');
  const newProvinceId = await unitIdByCode(ctx, '22', 1, 'new');
  const districtIds = new Map<string, string>();
  for (const district of DEMO_DISTRICTS) {
    const existing = await ctx.em.execute<Array<{ id: string }>>(
      `select id from staff_unit where code = ? and level = 2 and valid_to = ?::date`,
      [district.code, REFORM_DATE],
    );
    const id =
      existing[0]?.id ??
      (
        await units.create(ctx, {
          code: district.code,
          name: district.name,
          type: district.type,
          parentId: oldProvinceId,
          validFrom: null,
          validTo: REFORM_DATE,
        })
      ).id;
    districtIds.set(district.code, id);
  }
  const moved: string[] = [];
  for (const [communeCode, districtCode] of Object.entries(OLD_COMMUNE_DISTRICT)) {
    const rows = await ctx.em.execute<Array<{ id: string }>>(
      `update staff_unit set parent_id = ?, version = version + 1, updated_at = now()
        where code = ? and level = 3 and valid_to = ?::date and parent_id = ? returning id`,
      [districtIds.get(districtCode), communeCode, REFORM_DATE, oldProvinceId],
    );
    moved.push(...rows.map((r) => r.id));
  }
  if (moved.length) await recomputePaths(ctx, moved);
  // An abolished district went, whole, into the new province: its history re-aggregates there.
  await ctx.em.execute(
    `insert into staff_unit_succession (id, created_at, updated_at, predecessor_id, successor_id, kind, effective_date)
     select gen_random_uuid(), now(), now(), d, ?, 'FULL', ?::date from unnest(?::uuid[]) as d
     on conflict (predecessor_id, successor_id) do nothing`,
    [newProvinceId, REFORM_DATE, pgArray([...districtIds.values()])],
    'run',
  );
  ctx.audit({
    action: 'staff.units.demo-districts',
    entityType: 'AdministrativeUnit',
    entityId: oldProvinceId,
    unitId: oldProvinceId,
    after: { districts: DEMO_DISTRICTS.map((d) => d.code), communesMoved: moved.length },
  });

  // 3. Agencies, their departments, one-stop centres and desks.
  const agencyIds = new Map<string, string>();
  const departmentIds = new Map<string, string>();
  const deskIds = new Map<string, string>();
  for (const demo of DEMO_AGENCIES) {
    const agency = await agencies.create(ctx, {
      name: demo.name,
      kind: demo.kind,
      electronicId: demo.electronicId,
      unitId: await unitIdByCode(ctx, demo.unitCode, demo.unitCode.length === 2 ? 1 : 3, 'new'),
      parentAgencyId: demo.parent ? agencyIds.get(demo.parent)! : null,
      address: demo.address,
    });
    agencyIds.set(demo.key, agency.id);
    for (const name of demo.departments)
      departmentIds.set(
        `${demo.key}/${name}`,
        (await agencies.createDepartment(ctx, { agencyId: agency.id, name })).id,
      );
    if (demo.centre) {
      const centre = await agencies.createCentre(ctx, {
        agencyId: agency.id,
        name: demo.centre.name,
        address: demo.address,
      });
      for (const desk of demo.centre.desks)
        deskIds.set(
          `${demo.key}/${desk.code}`,
          (await agencies.createDesk(ctx, { centreId: centre.id, ...desk })).id,
        );
    }
  }

  // 4. Officials with their postings and roles.
  for (const demo of DEMO_OFFICIALS) {
    const scope =
      'agency' in demo.scope
        ? { agencyId: agencyIds.get(demo.scope.agency)! }
        : {
            unitId: await unitIdByCode(
              ctx,
              demo.scope.unitCode,
              demo.scope.unitCode.length === 2 ? 1 : 3,
              'new',
            ),
          };
    const username = demo.username ?? null;
    await officials.create(ctx, {
      fullName: demo.fullName,
      username,
      position: demo.position,
      title: demo.title,
      joinedOn: REFORM_DATE,
      personalEmail: `${
        username ??
        demo.fullName
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .replace(/[đĐ]/g, 'd')
          .toLowerCase()
          .replace(/\s+/g, '.')
      }@example.com`,
      postings: [
        {
          agencyId: agencyIds.get(demo.agency)!,
          departmentId: demo.department ? departmentIds.get(`${demo.agency}/${demo.department}`)! : null,
          deskId: demo.desk ? deskIds.get(`${demo.agency}/${demo.desk}`)! : null,
          primary: true,
          startsOn: REFORM_DATE,
        },
      ],
      roles: [{ role: demo.role, ...scope }],
    });
  }
}

export const staffDemoSeed: SeedDefinition = {
  name: DEMO_SEED_NAME,
  demo: true,
  run: runDemoSeed,
};
