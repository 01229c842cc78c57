import { addLocalDays, localDateOf, optionsOf, startOfLocalDay } from '../../../src';
import type { ProceduresOptions } from '../options';
import type { RequestContext, SeedDefinition } from '../../../src';
import {
  Position,
  calendarService,
  directory,
  nextOpening,
  type AgencyRecord,
  type DepartmentRecord,
  type DeskRecord,
} from '../../staff';
import { ApplicantKind, DossierChannel } from '../domain/enums';
import { hashPin } from '../domain/secrets';
import { Dossier } from '../entities/dossier.entity';
import { DossierPause } from '../entities/dossier-pause.entity';
import { Procedure } from '../entities/procedure.entity';
import { Rating, SURVEY_CRITERIA } from '../entities/rating.entity';
import { catalogue } from '../services/catalogue.service';
import type { Actor } from '../services/dossier-core';
import { intake, type ActOptions } from '../services/intake.service';
import { lifecycle } from '../services/lifecycle.service';
import { DEMO_PROCEDURES } from './demo-catalogue';

export const DEMO_SEED_NAME = 'procedures.demo';
/** Every demo dossier can be looked up with this PIN. */
export const DEMO_PIN = '123456';
const DOSSIERS = 210;
const DAYS = 60;
/** The last dossiers are played to a chosen state on the last working day, so the desk always has work in every state. */
type Stop =
  | 'NEW'
  | 'REFUSED'
  | 'RECEIVED'
  | 'TRANSFERRED'
  | 'SUPPLEMENT'
  | 'FINANCIAL'
  | 'WITHDRAWAL'
  | 'STOPPED'
  | 'RESOLVED';
const FORCED: Array<{ code: string; online: boolean; stop: Stop }> = [
  { code: '1.001193', online: true, stop: 'NEW' },
  { code: '1.000656', online: true, stop: 'NEW' },
  { code: '1.000894', online: true, stop: 'NEW' },
  { code: '2.000815', online: false, stop: 'RECEIVED' },
  { code: '1.000894', online: false, stop: 'RECEIVED' },
  { code: '1.001193', online: true, stop: 'RECEIVED' },
  { code: '1.000894', online: false, stop: 'TRANSFERRED' },
  { code: '1.004227', online: false, stop: 'TRANSFERRED' },
  { code: '1.004227', online: false, stop: 'SUPPLEMENT' },
  { code: '1.004227', online: false, stop: 'FINANCIAL' },
  { code: '1.000656', online: false, stop: 'WITHDRAWAL' },
  { code: '1.001193', online: false, stop: 'RESOLVED' },
  { code: '1.001193', online: true, stop: 'REFUSED' },
  { code: '1.000894', online: false, stop: 'STOPPED' },
];

/** Agencies of the staff demo seed (staff.demo-quang-ninh), by electronic id; the first gets most dossiers. */
const DEMO_AGENCY_IDS = ['000.01.41.H49', '000.02.41.H49', '000.03.41.H49', '000.01.42.H49', '000.01.43.H49'];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc', 'Quang', 'Thanh', 'Hồng', 'Xuân'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hùng',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Nam',
  'Phương',
  'Quân',
  'Sơn',
  'Thảo',
  'Trang',
  'Tuấn',
  'Yến',
];
const STREETS = [
  'Tổ 3, khu 5',
  'Tổ 7, khu 2',
  'Số 12 đường Lê Thánh Tông',
  'Số 45 phố Cao Thắng',
  'Tổ 1, khu 8',
  'Số 8 đường Hạ Long',
];

/** A small deterministic PRNG (mulberry32): the same demo every time. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
  };
}

interface Place {
  agency: AgencyRecord;
  desks: DeskRecord[];
  departments: DepartmentRecord[];
  officer: Actor;
  specialist: Actor;
  leader: Actor;
}

async function placeOf(ctx: RequestContext, agency: AgencyRecord): Promise<Place> {
  // The active departments and desks (by code) of the agency, and who is posted there.
  const { desks, departments } = await directory.structureOf(ctx, agency.id);
  const postings = await directory.postingsAt(ctx, { agencyIds: [agency.id] });
  const officials = await directory.officials(
    ctx,
    postings.map((p) => p.officialId),
  );
  const byPosition = (position: Position, fallback: string): Actor => {
    const official = postings.map((p) => officials.get(p.officialId)).find((o) => o?.position === position);
    return official ? { id: official.id, name: official.fullName } : { id: null, name: fallback };
  };
  return {
    agency,
    desks,
    departments,
    officer: byPosition(Position.ONE_STOP_OFFICER, 'Cán bộ một cửa'),
    specialist: byPosition(Position.SPECIALIST, 'Chuyên viên'),
    leader: byPosition(Position.LEADER, 'Lãnh đạo UBND'),
  };
}

/**
 * Demo data (SEED_DEMO): the catalogue above and a few hundred dossiers over the last two months at
 * the agencies of the staff demo seed, played through the real services at simulated instants, so
 * every status, step, deadline, pause, verdict and rating is what the platform itself would produce.
 * Without those agencies only the catalogue is loaded. No email is sent; every dossier's lookup PIN
 * is 123456.
 */
export const proceduresDemoSeed: SeedDefinition = {
  name: DEMO_SEED_NAME,
  demo: true,
  async run(ctx) {
    for (const input of DEMO_PROCEDURES) {
      if (!(await ctx.em.findOne(Procedure, { code: input.code }))) await catalogue.create(ctx, input);
    }
    await ctx.em.flush();
    let agencies: AgencyRecord[] = [];
    for (const electronicId of DEMO_AGENCY_IDS) {
      const agency = await directory.agencyByElectronicId(ctx, electronicId);
      if (agency?.active) agencies.push(agency);
    }
    if (!agencies.length) {
      // Without the staff demo, up to three ward committees of whatever staff holds (its public view).
      const rows = await ctx.em.execute<Array<{ id: string }>>(
        `select id from staff_agency_v where active and name like 'UBND phường %' limit 3`,
      );
      agencies = [
        ...(
          await directory.agencies(
            ctx,
            rows.map((r) => r.id),
          )
        ).values(),
      ];
    }
    if (!agencies.length) {
      ctx.logger.info(
        'procedures demo: no demo agencies found (staff.demo-quang-ninh not loaded); catalogue only',
      );
      return;
    }
    const places: Place[] = [];
    for (const agency of agencies) places.push(await placeOf(ctx, agency));
    const procedures = await ctx.em.find(Procedure, { code: { $in: DEMO_PROCEDURES.map((p) => p.code) } });
    const byCode = new Map(procedures.map((p) => [p.code, p]));
    const pinHash = hashPin(DEMO_PIN, optionsOf<ProceduresOptions>(ctx.app, 'procedures').secretKeys);
    // One small scan stands for every digitised component of the demo (stored once, by its hash).
    const demoScan = await ctx.app.files.create(ctx.em, {
      content: Buffer.from('%PDF-1.4\n% Ban quet mau (du lieu demo)\n%%EOF\n'),
      fileName: 'ban-quet-mau.pdf',
    });
    await ctx.em.flush();
    const rnd = random(20251001);
    const now = new Date();
    const weights: Array<[string, number]> = [
      ['2.000815', 0.3],
      ['1.001193', 0.27],
      ['1.000894', 0.15],
      ['1.000656', 0.1],
      ['1.004227', 0.18],
    ];
    let created = 0;

    for (let i = 0; i < DOSSIERS + FORCED.length; i++) {
      // Keep the unit of work small: MikroORM computes change sets over every managed entity on each flush.
      await ctx.em.flush();
      ctx.em.clear();
      const forced = i >= DOSSIERS ? FORCED[i - DOSSIERS] : null;
      const place = forced ? places[0] : rnd.chance(0.7) ? places[0] : rnd.pick(places);
      const calendar = await calendarService.calendarFor(ctx, place.agency.id);
      // The next instant the office is open, `hours` after `from`.
      const after = (from: Date, hours: number) =>
        nextOpening(new Date(from.getTime() + hours * 3_600_000), calendar);
      let u = rnd.next();
      const code = forced?.code ?? weights.find(([, w]) => (u -= w) < 0)?.[0] ?? '2.000815';
      const procedure = byCode.get(code);
      if (!procedure) continue;
      const online = forced
        ? forced.online
        : procedure.onlineLevel !== null &&
          rnd.chance(code === '1.001193' || code === '1.000656' ? 0.55 : 0.3);
      const post = !online && rnd.chance(0.05);
      let start = after(
        new Date(now.getTime() - rnd.between(0, DAYS) * 86_400_000 - rnd.between(0, 9) * 3_600_000),
        0,
      );
      if (forced) {
        // 08:00 on the last working day before today: room for every step of the morning.
        const today = localDateOf(now);
        for (let back = 1; back <= 15; back++) {
          const day = addLocalDays(today, -back);
          start = after(new Date(startOfLocalDay(day).getTime() + 8 * 3_600_000), 0);
          if (localDateOf(start) === day) break;
        }
      }
      if (start > now) continue;
      /** Hours between two steps: random, or a few minutes for the forced ones. */
      const gap = (lo: number, hi: number) => (forced ? 0.05 : rnd.between(lo, hi));
      const name = `${rnd.pick(FAMILY)} ${rnd.pick(MIDDLE)} ${rnd.pick(GIVEN)}`;
      const applicant = {
        kind: ApplicantKind.CITIZEN,
        name,
        idNumber: `0221${String(Math.floor(rnd.next() * 1e8)).padStart(8, '0')}`,
        phone: `09${String(Math.floor(rnd.next() * 1e8)).padStart(8, '0')}`,
        address: `${rnd.pick(STREETS)}, ${place.agency.name.replace(/^UBND /, '')}, tỉnh Quảng Ninh`,
      };
      const caseCode =
        code === '1.000894' && rnd.chance(0.4)
          ? 'TH2'
          : code === '1.001193' && rnd.chance(0.15)
            ? 'TH2'
            : 'TH1';
      const base: ActOptions = { silent: true, pinHash };
      const desk = place.desks[0] ?? null;
      let t = start;
      /** Moves the clock on; false when that moment is still in the future (the dossier stays where it is). */
      const step = (hours: number) => {
        const at = after(t, hours);
        if (at > now) return false;
        t = at;
        return true;
      };
      const as = (actor: Actor): ActOptions => ({ ...base, at: t, as: actor });
      const version = async (id: string) => (await ctx.em.findOneOrFail(Dossier, { id })).version;

      let dossierId: string;
      if (online) {
        const submitted = await intake.submitOnline(
          ctx,
          {
            procedureId: procedure.id,
            caseCode,
            agencyId: place.agency.id,
            applicant,
            components: (DEMO_PROCEDURES.find((p) => p.code === code)?.components ?? [])
              .filter((c) => c.required !== false)
              .map((c) => ({ code: c.code, fileId: demoScan.id })),
          },
          { ...base, at: t },
        );
        dossierId = submitted.dossier.id;
        created++;
        if (forced?.stop === 'NEW' || !step(gap(0.5, 20))) continue;
        if (forced?.stop === 'REFUSED' || (!forced && rnd.chance(0.04))) {
          await intake.refuse(
            ctx,
            {
              dossierId,
              version: await version(dossierId),
              reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan',
            },
            as(place.officer),
          );
          continue;
        }
        await intake.receiveOnline(
          ctx,
          { dossierId, version: await version(dossierId), deskId: desk?.id ?? null },
          as(place.officer),
        );
      } else {
        // Most desks scan what they receive; birth registrations often re-use the national data.
        const scanned = rnd.chance(0.6);
        const components = (DEMO_PROCEDURES.find((p) => p.code === code)?.components ?? [])
          .filter((c) => c.required !== false)
          .map((c) => ({ code: c.code, fileId: scanned ? demoScan.id : null }));
        const receipt = await intake.receiveAtCounter(
          ctx,
          {
            procedureId: procedure.id,
            caseCode,
            deskId: desk?.id ?? null,
            agencyId: place.agency.id,
            channel: post ? DossierChannel.POST : DossierChannel.COUNTER,
            applicant,
            components,
          },
          as(place.officer),
        );
        dossierId = receipt.dossierId;
        created++;
      }
      const dossier = await ctx.em.findOneOrFail(Dossier, { id: dossierId });
      const appointment = dossier.appointmentAt!;
      const received = dossier.receivedAt!;
      if (forced?.stop === 'RECEIVED') continue;

      if (forced?.stop === 'WITHDRAWAL' || (!forced && rnd.chance(0.02))) {
        if (!step(gap(2, 24))) continue;
        await lifecycle.requestWithdrawal(
          ctx,
          { dossierId, version: await version(dossierId), reason: 'Người nộp có đơn xin rút hồ sơ' },
          as(place.officer),
        );
        if (!forced && rnd.chance(0.5) && step(gap(1, 8)))
          await lifecycle.acceptWithdrawal(
            ctx,
            { dossierId, version: await version(dossierId) },
            as(place.officer),
          );
        continue;
      }
      const simple = code === '2.000815';
      const department =
        code === '1.004227'
          ? (place.departments.find((d) => d.name.includes('Kinh tế')) ?? place.departments[0])
          : (place.departments.find((d) => d.name.includes('Văn hóa')) ?? place.departments[0]);
      if (!simple && department) {
        if (!step(gap(0.3, 2))) continue;
        await lifecycle.transfer(
          ctx,
          { dossierId, version: await version(dossierId), toDepartmentId: department.id },
          as(place.officer),
        );
        if (forced?.stop === 'TRANSFERRED' || !step(gap(0.2, 3))) continue;
        await lifecycle.acceptTransfer(
          ctx,
          { dossierId, version: await version(dossierId) },
          as(place.specialist),
        );
        if (forced?.stop === 'STOPPED' || (!forced && rnd.chance(0.015))) {
          if (!step(gap(2, 16))) continue;
          await lifecycle.stop(
            ctx,
            {
              dossierId,
              version: await version(dossierId),
              reason: 'Phát hiện giấy tờ giả mạo; chuyển cơ quan chức năng xử lý',
            },
            as(place.leader),
          );
          continue;
        }
        if (forced ? forced.stop === 'SUPPLEMENT' : rnd.chance(code === '1.004227' ? 0.25 : 0.1)) {
          if (!step(gap(1, 10))) continue;
          await lifecycle.requestSupplement(
            ctx,
            {
              dossierId,
              version: await version(dossierId),
              deadlineAmount: 5,
              items: [
                code === '1.004227'
                  ? 'Bản trích đo địa chính thửa đất'
                  : 'Bản sao giấy tờ tùy thân của người đi đăng ký',
              ],
              note: 'Hồ sơ còn thiếu giấy tờ theo quy định',
            },
            as(place.specialist),
          );
          if (forced) continue;
          if (rnd.chance(0.12)) {
            // Never brought: at its deadline the dossier ends (what the scheduled job does).
            const pause = await ctx.em.findOneOrFail(DossierPause, { dossier: dossierId, endedAt: null });
            if (pause.deadlineAt && pause.deadlineAt <= now)
              await lifecycle.expireSupplement(ctx, dossierId, pause.deadlineAt);
            continue;
          }
          if (!step(gap(16, 80))) continue;
          await lifecycle.receiveSupplement(
            ctx,
            { dossierId, version: await version(dossierId) },
            as(place.officer),
          );
        }
        if (forced ? forced.stop === 'FINANCIAL' : code === '1.004227' && rnd.chance(0.7)) {
          if (!step(gap(8, 40))) continue;
          await lifecycle.requestFinancialObligation(
            ctx,
            { dossierId, version: await version(dossierId), items: ['Tiền sử dụng đất', 'Lệ phí trước bạ'] },
            as(place.specialist),
          );
          if (forced || !step(gap(8, 60))) continue;
          await lifecycle.confirmFinancialObligation(
            ctx,
            { dossierId, version: await version(dossierId) },
            as(place.officer),
          );
        }
      }
      // When it is done: mostly before or on the appointment, some late (a few with an apology first).
      const current = await ctx.em.findOneOrFail(Dossier, { id: dossierId });
      const due = current.appointmentAt ?? appointment;
      const late = !forced && rnd.chance(0.08);
      const span = Math.max(0.5, (due.getTime() - Math.max(t.getTime(), received.getTime())) / 3_600_000);
      if (late && rnd.chance(0.5)) {
        const hoursToDue = (due.getTime() - t.getTime()) / 3_600_000 + 1;
        if (!step(Math.max(0.5, hoursToDue))) continue;
        await lifecycle.apologise(
          ctx,
          {
            dossierId,
            version: await version(dossierId),
            reason: 'Cần thêm thời gian xác minh thông tin với cơ quan liên quan',
            newAppointmentAt: after(new Date(t.getTime() + 2 * 86_400_000), 0),
          },
          as(place.officer),
        );
      }
      const target = late ? span + rnd.between(10, 40) : span * rnd.between(0.2, 0.9);
      // The specialist (the desk's officer for a certification settled at the desk) proposes, the leader
      // approves a little later: the same total time as before, so the verdicts stay, and a proposal
      // made shortly before the demo's "now" waits in the leader's approval queue.
      const toApproval = forced ? 0.05 : Math.max(0.3, target - 1);
      if (!step(toApproval * 0.8)) continue;
      await lifecycle.propose(
        ctx,
        { dossierId, version: await version(dossierId) },
        as(simple ? place.officer : place.specialist),
      );
      if (!step(toApproval * 0.2)) continue;
      await lifecycle.approve(ctx, { dossierId, version: await version(dossierId) }, as(place.leader));
      if (!step(gap(0.2, 1))) continue;
      await lifecycle.recordResult(
        ctx,
        {
          dossierId,
          version: await version(dossierId),
          resultNumber: `${String(i + 1).padStart(3, '0')}/${new Date(t).getFullYear()}`,
          signer: place.leader.name ?? 'Lãnh đạo UBND',
          resultFileId: rnd.chance(0.9) ? demoScan.id : null,
        },
        as(simple ? place.officer : place.specialist),
      );
      if (forced || !step(gap(0.5, 40)) || rnd.chance(0.08)) continue;
      await lifecycle.returnResult(ctx, { dossierId, version: await version(dossierId) }, as(place.officer));
      if (rnd.chance(0.55)) {
        const rating = rnd.chance(0.7) ? 5 : rnd.chance(0.7) ? 4 : rnd.pick([1, 2, 3]);
        const survey = Object.fromEntries(
          SURVEY_CRITERIA.filter(() => rnd.chance(0.5)).map((c) => [
            c,
            Math.min(5, Math.max(1, rating + rnd.pick([-1, 0, 0, 1]))),
          ]),
        );
        const returned = await ctx.em.findOneOrFail(Dossier, { id: dossierId });
        ctx.em.create(Rating, {
          dossier: returned,
          rating,
          comment: rating >= 4 ? rnd.pick([null, 'Cán bộ hướng dẫn tận tình', 'Nhanh gọn']) : 'Phải chờ lâu',
          survey,
          ratedAt: new Date(Math.min(now.getTime(), t.getTime() + 600_000)),
          unitId: returned.unitId,
          agencyId: returned.agencyId,
          field: returned.field,
          deskId: returned.deskId,
          officialId: returned.receivedById,
        });
      }
    }
    await ctx.em.flush();
    ctx.logger.info(
      { dossiers: created, agencies: agencies.map((a) => a.name) },
      'procedures demo: dossiers played through the desk',
    );
  },
};
