import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  BadInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  dayNumberOf,
  enforceRateLimit,
  localToday,
  now,
  optionsOf,
  pgArray,
  requireId,
  VIETNAM_TIME_ZONE,
  type RequestContext,
  type ScopeOwner,
} from '../../../src';
import { calendarService, directory, nextOpening } from '../../staff';
import { devices, DeviceStatus, DeviceType } from '../../cameras';
import { dossiers, Procedure } from '../../procedures';
import { QueueService } from '../entities/queue-service.entity';
import { QueueKiosk } from '../entities/kiosk.entity';
import { QueueTicket } from '../entities/ticket.entity';
import { QueueTicketStatus } from '../entities/enums';
import { QueueErrorCodes, QueueRecords } from '../errors';
import { QueuePermissions } from '../permissions';
import type { QueueOptions } from '../options';
import {
  QueueTicketCalled,
  QueueTicketCalledLive,
  QueueTicketFinished,
  QueueTicketIssued,
  QueueTicketLinked,
  QueueTicketTransferred,
  type QueueTicketEvent,
} from '../events';
import { estimateWaitSeconds, formatTicketNumber, isQueueOpen, numberingDay } from '../domain/rules';

/** A centre with the agency and unit that own it (the owner for scope checks). */
export interface CentrePlace {
  centreId: string;
  centreName: string;
  agencyId: string;
  unitId: string;
}

export interface CreateServiceData {
  centreId: string;
  prefix: string;
  name: string;
  procedureField?: string | null;
  procedureId?: string | null;
  deskIds: string[];
}

export interface UpdateServiceData {
  id: string;
  version?: number | null;
  name?: string | null;
  deskIds?: string[] | null;
  active?: boolean | null;
}

export interface IssuedTicket {
  ticket: QueueTicket;
  serviceName: string;
  peopleAhead: number;
  estimatedWaitSeconds: number;
}

export interface TimeStatisticsRow {
  key: string | number;
  tickets: number;
  served: number;
  skipped: number;
  averageWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  averageServingSeconds: number | null;
}

const CREDENTIAL = /^qk_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;
const PREFIX = /^[A-Z]{1,3}$/;
const KIOSK_DEVICE_TYPE = DeviceType.QUEUE_MACHINE;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const ownerOf = (x: { unitId: string; agencyId: string }): ScopeOwner => ({
  unitId: x.unitId,
  agencyId: x.agencyId,
});

function eventOf(t: QueueTicket): QueueTicketEvent {
  return {
    ticketId: t.id,
    centreId: t.centreId,
    agencyId: t.agencyId,
    unitId: t.unitId,
    serviceId: t.serviceId,
    number: t.number,
    deskId: t.deskId,
  };
}

function ticketSnapshot(t: QueueTicket): Record<string, unknown> {
  return {
    number: t.number,
    day: t.day,
    status: t.status,
    deskId: t.deskId,
    targetDeskId: t.targetDeskId,
    recallCount: t.recallCount,
    dossierId: t.dossierId,
  };
}

function invalidState(ticket: QueueTicket, action: string): DomainError {
  return new DomainError(QueueErrorCodes.QUEUE_TICKET_INVALID_STATE, {
    vi: `Không thể ${action} số ${ticket.number} ở trạng thái ${ticket.status}`,
    en: `Cannot ${action} ticket ${ticket.number} while it is ${ticket.status}`,
  });
}

/**
 * The queue of a one-stop centre: its services and counters, kiosks, tickets and statistics. Every
 * method checks permission and the scope of the centre's agency; a centre or ticket outside the
 * caller's scope is NOT_FOUND, one they may see but not act on is FORBIDDEN.
 */
export class QueueServiceImpl {
  private options(ctx: RequestContext): QueueOptions {
    return optionsOf<QueueOptions>(ctx.app, 'queue');
  }

  // --- places and scope ---------------------------------------------------------------------------

  /** The centre with its agency and unit, without any check (null when unknown). */
  async placeOfCentre(ctx: RequestContext, centreId: string): Promise<CentrePlace | null> {
    const centre = await directory.centre(ctx, centreId);
    if (!centre) return null;
    const unitId = await directory.agencyUnitId(ctx, centre.agency.id);
    return unitId ? { centreId, centreName: centre.name, agencyId: centre.agency.id, unitId } : null;
  }

  /** The centre, visible with queue.read (else NOT_FOUND) and within `permission`'s scope (else FORBIDDEN). */
  async centreFor(
    ctx: RequestContext,
    centreId: string,
    permission: string = QueuePermissions.read,
    field = 'centreId',
  ): Promise<CentrePlace> {
    ctx.require(permission);
    const place = await this.placeOfCentre(ctx, requireId(centreId, field));
    if (!place) throw new NotFoundError(QueueRecords.centre, centreId);
    await this.requireOwner(ctx, permission, place, () => new NotFoundError(QueueRecords.centre, centreId));
    return place;
  }

  private async requireOwner(
    ctx: RequestContext,
    permission: string,
    owner: { unitId: string; agencyId: string },
    notFound: () => Error,
  ): Promise<void> {
    if (await ctx.can(permission, ownerOf(owner))) return;
    if (permission !== QueuePermissions.read && (await ctx.can(QueuePermissions.read, ownerOf(owner))))
      throw new ForbiddenError({
        vi: 'Bộ phận một cửa này nằm ngoài phạm vi của bạn',
        en: 'This centre is outside your scope',
      });
    throw notFound();
  }

  /** A desk of the centre (BAD_USER_INPUT on `field` otherwise, a malformed id too). */
  private async deskOfCentre(ctx: RequestContext, centreId: string, deskId: string, field: string) {
    const desk = await directory.desk(ctx, requireId(deskId, field));
    if (!desk || desk.centre.id !== centreId)
      throw new BadInputError(
        {
          vi: `Quầy ${deskId} không thuộc bộ phận một cửa này`,
          en: `Desk ${deskId} is not a desk of this centre`,
        },
        { field },
      );
    return desk;
  }

  // --- services and counters ----------------------------------------------------------------------

  async servicesOf(ctx: RequestContext, centreId: string): Promise<QueueService[]> {
    await this.centreFor(ctx, centreId);
    return ctx.em.find(QueueService, { centreId }, { orderBy: { prefix: 'asc' } });
  }

  /** The service with this id, or null; a malformed id is BAD_USER_INPUT naming `field`. */
  async service(ctx: RequestContext, id: string, field = 'id'): Promise<QueueService | null> {
    return ctx.em.findOne(QueueService, { id: requireId(id, field) });
  }

  async createService(ctx: RequestContext, input: CreateServiceData): Promise<QueueService> {
    const place = await this.centreFor(ctx, input.centreId, QueuePermissions.manage);
    const prefix = input.prefix.trim().toUpperCase();
    if (!PREFIX.test(prefix))
      throw new BadInputError(
        { vi: 'Tiền tố gồm 1-3 chữ cái A-Z', en: 'The prefix is 1-3 letters A-Z' },
        { field: 'prefix' },
      );
    const name = input.name.trim();
    if (!name)
      throw new BadInputError({ vi: 'Cần tên dịch vụ', en: 'The name is required' }, { field: 'name' });
    const what = await this.checkWhat(ctx, input.procedureField ?? null, input.procedureId ?? null);
    const deskIds = await this.checkDesks(ctx, place.centreId, input.deskIds);
    if (await ctx.em.count(QueueService, { centreId: place.centreId, prefix }))
      throw new ConflictError(
        { vi: `Tiền tố ${prefix} đã dùng ở bộ phận này`, en: `Prefix ${prefix} is taken at this centre` },
        { field: 'prefix' },
      );
    const service = ctx.em.create(QueueService, {
      centreId: place.centreId,
      agencyId: place.agencyId,
      unitId: place.unitId,
      prefix,
      name,
      ...what,
      deskIds,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'queue.service.create',
      entityType: 'QueueService',
      entityId: service.id,
      unitId: place.unitId,
      agencyId: place.agencyId,
      after: { prefix, name, ...what, deskIds },
    });
    return service;
  }

  async updateService(ctx: RequestContext, input: UpdateServiceData): Promise<QueueService> {
    ctx.require(QueuePermissions.manage);
    const service = await this.service(ctx, input.id);
    if (!service) throw new NotFoundError(QueueRecords.service, input.id);
    await this.requireOwner(
      ctx,
      QueuePermissions.manage,
      service,
      () => new NotFoundError(QueueRecords.service, input.id),
    );
    if (input.version != null && input.version !== service.version)
      throw new ConflictError({
        vi: 'Dịch vụ đã được người khác sửa; hãy tải lại',
        en: 'The service was changed by someone else; reload it',
      });
    const before = { name: service.name, deskIds: service.deskIds, active: service.active };
    if (input.name != null) {
      const name = input.name.trim();
      if (!name)
        throw new BadInputError({ vi: 'Cần tên dịch vụ', en: 'The name is required' }, { field: 'name' });
      service.name = name;
    }
    if (input.deskIds != null) service.deskIds = await this.checkDesks(ctx, service.centreId, input.deskIds);
    if (input.active != null) service.active = input.active;
    await ctx.em.flush();
    ctx.audit({
      action: 'queue.service.update',
      entityType: 'QueueService',
      entityId: service.id,
      unitId: service.unitId,
      agencyId: service.agencyId,
      before,
      after: { name: service.name, deskIds: service.deskIds, active: service.active },
    });
    return service;
  }

  /** Exactly one of a procedure field (offered by some procedure of the catalogue) or a procedure. */
  private async checkWhat(ctx: RequestContext, field: string | null, procedureId: string | null) {
    const trimmed = field?.trim() || null;
    if ((trimmed === null) === (procedureId === null))
      throw new BadInputError(
        {
          vi: 'Chọn đúng một: lĩnh vực hoặc thủ tục',
          en: 'Give exactly one of procedureField and procedureId',
        },
        { field: 'procedureField' },
      );
    if (procedureId !== null) {
      const procedure = await ctx.em.findOne(Procedure, { id: requireId(procedureId, 'procedureId') });
      if (!procedure)
        throw new BadInputError(
          { vi: `Không có thủ tục ${procedureId}`, en: `No procedure ${procedureId}` },
          { field: 'procedureId' },
        );
      return { procedureField: null, procedureId };
    }
    if (!(await ctx.em.count(Procedure, { field: trimmed! })))
      throw new BadInputError(
        {
          vi: `Không có thủ tục nào thuộc lĩnh vực "${trimmed}"`,
          en: `No procedure of the catalogue is in the field "${trimmed}"`,
        },
        { field: 'procedureField' },
      );
    return { procedureField: trimmed, procedureId: null };
  }

  private async checkDesks(ctx: RequestContext, centreId: string, deskIds: string[]): Promise<string[]> {
    const unique = [...new Set(deskIds)];
    if (!unique.length)
      throw new BadInputError(
        { vi: 'Cần ít nhất một quầy', en: 'At least one counter (desk) is required' },
        { field: 'deskIds' },
      );
    for (const [i, id] of unique.entries()) await this.deskOfCentre(ctx, centreId, id, `deskIds[${i}]`);
    return unique;
  }

  // --- kiosks -------------------------------------------------------------------------------------

  async kiosksOf(ctx: RequestContext, centreId: string): Promise<QueueKiosk[]> {
    await this.centreFor(ctx, centreId);
    return ctx.em.find(QueueKiosk, { centreId }, { orderBy: { name: 'asc' } });
  }

  /**
   * Registers a queue machine of the cameras inventory as a kiosk of the centre it is placed at, or
   * gives a revoked one a new credential. Answers the credential: shown here once, kept only hashed.
   */
  async registerKiosk(
    ctx: RequestContext,
    input: { deviceId: string; name?: string | null },
  ): Promise<{ kiosk: QueueKiosk; credential: string }> {
    ctx.require(QueuePermissions.manage);
    // Through the cameras plugin's own service: its permission and scope rules apply, and its check
    // of the id's shape (BAD_USER_INPUT on deviceId).
    const device = await devices.get(ctx, input.deviceId, { field: 'deviceId' });
    if (device.type !== KIOSK_DEVICE_TYPE)
      throw new BadInputError(
        {
          vi: 'Chỉ máy lấy số (QUEUE_MACHINE) mới đăng ký làm kiosk',
          en: 'Only a queue machine (QUEUE_MACHINE) can be a kiosk',
        },
        { field: 'deviceId' },
      );
    if (!device.centreId || device.status !== DeviceStatus.IN_SERVICE)
      throw new BadInputError(
        {
          vi: 'Máy lấy số phải đang sử dụng tại một bộ phận một cửa',
          en: 'The queue machine must be in service at a one-stop centre',
        },
        { field: 'deviceId' },
      );
    const place = await this.centreFor(ctx, device.centreId, QueuePermissions.manage, 'deviceId');
    let kiosk = await ctx.em.findOne(QueueKiosk, { deviceId: device.id });
    if (kiosk && !kiosk.revokedAt)
      throw new ConflictError(
        {
          vi: 'Thiết bị đã là máy lấy số đang hoạt động; thu hồi trước khi cấp lại',
          en: 'The device is already an active kiosk; revoke it before issuing a new credential',
        },
        { field: 'deviceId' },
      );
    const secret = randomBytes(32).toString('base64url');
    const name = input.name?.trim() || device.assetTag;
    if (!kiosk) {
      kiosk = ctx.em.create(QueueKiosk, {
        deviceId: device.id,
        centreId: place.centreId,
        agencyId: place.agencyId,
        unitId: place.unitId,
        name,
        secretHash: '',
      });
    } else {
      Object.assign(kiosk, {
        centreId: place.centreId,
        agencyId: place.agencyId,
        unitId: place.unitId,
        name,
      });
      kiosk.revokedAt = null;
    }
    const credential = `qk_${kiosk.id}_${secret}`;
    kiosk.secretHash = sha256(credential);
    await ctx.em.flush();
    // Never the credential nor its hash in the trail.
    ctx.audit({
      action: 'queue.kiosk.register',
      entityType: 'QueueKiosk',
      entityId: kiosk.id,
      unitId: place.unitId,
      agencyId: place.agencyId,
      after: { deviceId: device.id, centreId: place.centreId, name },
    });
    return { kiosk, credential };
  }

  async updateKiosk(
    ctx: RequestContext,
    input: { id: string; name?: string | null; revoked?: boolean | null },
  ): Promise<QueueKiosk> {
    ctx.require(QueuePermissions.manage);
    const kiosk = await ctx.em.findOne(QueueKiosk, { id: requireId(input.id, 'id') });
    if (!kiosk) throw new NotFoundError(QueueRecords.kiosk, input.id);
    await this.requireOwner(
      ctx,
      QueuePermissions.manage,
      kiosk,
      () => new NotFoundError(QueueRecords.kiosk, input.id),
    );
    const before = { name: kiosk.name, revoked: !!kiosk.revokedAt };
    if (input.name?.trim()) kiosk.name = input.name.trim();
    if (input.revoked === true && !kiosk.revokedAt) kiosk.revokedAt = now();
    if (input.revoked === false && kiosk.revokedAt)
      throw new BadInputError(
        {
          vi: 'Máy đã thu hồi chỉ dùng lại khi đăng ký lại (cấp khoá mới)',
          en: 'A revoked kiosk comes back only by registering it again (a new credential)',
        },
        { field: 'revoked' },
      );
    await ctx.em.flush();
    ctx.audit({
      action: 'queue.kiosk.update',
      entityType: 'QueueKiosk',
      entityId: kiosk.id,
      unitId: kiosk.unitId,
      agencyId: kiosk.agencyId,
      before,
      after: { name: kiosk.name, revoked: !!kiosk.revokedAt },
    });
    return kiosk;
  }

  /** The kiosk a credential belongs to (QUEUE_KIOSK_INVALID otherwise); compared in constant time. */
  private async kioskOf(ctx: RequestContext, credential: string): Promise<QueueKiosk> {
    const invalid = () =>
      new DomainError(QueueErrorCodes.QUEUE_KIOSK_INVALID, {
        vi: 'Khoá máy lấy số không hợp lệ hoặc đã bị thu hồi',
        en: 'The kiosk credential is invalid or revoked',
      });
    const match = CREDENTIAL.exec(credential.trim());
    if (!match) throw invalid();
    const kiosk = await ctx.em.findOne(QueueKiosk, { id: match[1] });
    if (!kiosk || kiosk.revokedAt) throw invalid();
    const given = Buffer.from(sha256(credential.trim()), 'hex');
    const stored = Buffer.from(kiosk.secretHash, 'hex');
    if (given.length !== stored.length || !timingSafeEqual(given, stored)) throw invalid();
    return kiosk;
  }

  // --- issuing ------------------------------------------------------------------------------------

  /**
   * A kiosk issues a ticket (no user: the kiosk's credential instead), rate-limited per kiosk, while
   * the centre's queue is open by its agency's working calendar.
   */
  async issue(
    ctx: RequestContext,
    input: { kioskCredential: string; serviceId: string },
  ): Promise<IssuedTicket> {
    const kiosk = await this.kioskOf(ctx, input.kioskCredential);
    const options = this.options(ctx);
    await enforceRateLimit(
      ctx.app,
      { bucket: 'queue.kiosk', limit: options.kioskTicketsPerMinute, windowMs: 60_000 },
      kiosk.id,
      {
        vi: 'Máy lấy số cấp quá nhiều số; vui lòng chờ',
        en: 'Too many tickets from this kiosk; wait a moment',
      },
    );
    const service = await this.service(ctx, input.serviceId, 'serviceId');
    if (!service || service.centreId !== kiosk.centreId || !service.active)
      throw new BadInputError(
        {
          vi: 'Dịch vụ không có ở bộ phận một cửa của máy này',
          en: 'The service is not offered at this kiosk’s centre',
        },
        { field: 'serviceId' },
      );
    const at = now();
    const calendar = await calendarService.calendarFor(ctx, kiosk.agencyId);
    if (!isQueueOpen(calendar.intervalsOfDay(dayNumberOf(at)), at)) {
      const opensAt = nextOpening(at, calendar);
      throw new DomainError(
        QueueErrorCodes.QUEUE_CLOSED,
        {
          vi: 'Đã hết giờ lấy số; bộ phận một cửa đang đóng',
          en: 'The queue is closed: the centre is outside its working hours',
        },
        { opensAt: opensAt > at ? opensAt.toISOString() : null },
      );
    }
    const day = numberingDay(at);
    const [{ last }] = await ctx.em.execute<Array<{ last: number }>>(
      `insert into queue_number as n (centre_id, prefix, day, last) values (?, ?, ?, 1)
       on conflict (centre_id, prefix, day) do update set last = n.last + 1 returning n.last`,
      [service.centreId, service.prefix, day],
    );
    const ticket = ctx.em.create(QueueTicket, {
      centreId: service.centreId,
      agencyId: service.agencyId,
      unitId: service.unitId,
      serviceId: service.id,
      kioskId: kiosk.id,
      day,
      prefix: service.prefix,
      seq: last,
      number: formatTicketNumber(service.prefix, last),
      issuedAt: at,
    });
    await ctx.em.flush();
    const peopleAhead = await this.peopleAhead(ctx, ticket);
    const estimatedWaitSeconds = await this.estimateWait(ctx, service, peopleAhead);
    await ctx.publish(QueueTicketIssued, eventOf(ticket));
    return { ticket, serviceName: service.name, peopleAhead, estimatedWaitSeconds };
  }

  /** Waiting tickets of the same service and day issued before this one. */
  async peopleAhead(ctx: RequestContext, ticket: QueueTicket): Promise<number> {
    if (ticket.status !== QueueTicketStatus.WAITING) return 0;
    const [{ n }] = await ctx.em.execute<Array<{ n: number }>>(
      `select count(*)::int as n from queue_ticket where service_id = ? and day = ? and status = 'WAITING'
         and (issued_at, seq) < (?, ?)`,
      [ticket.serviceId, ticket.day, ticket.issuedAt, ticket.seq],
    );
    return n;
  }

  /** The wait estimate from the latest serving times of the service (see domain/rules.ts). */
  async estimateWait(ctx: RequestContext, service: QueueService, ahead: number): Promise<number> {
    const options = this.options(ctx);
    const rows = await ctx.em.execute<Array<{ s: number }>>(
      `select extract(epoch from finished_at - called_at)::float8 as s from queue_ticket
        where service_id = ? and status = 'SERVED' and called_at is not null and finished_at is not null
        order by finished_at desc limit ?`,
      [service.id, options.recentServed],
    );
    return estimateWaitSeconds({
      ahead,
      recentServingSeconds: rows.map((r) => Number(r.s)),
      counters: service.deskIds.length,
      fallbackSeconds: options.defaultServingSeconds,
    });
  }

  // --- at the counter -----------------------------------------------------------------------------

  /**
   * A ticket the caller may see (NOT_FOUND) and act on with `permission` (FORBIDDEN). A malformed id
   * is BAD_USER_INPUT naming `field`, the input field the client sent it in.
   */
  async ticketFor(
    ctx: RequestContext,
    id: string,
    permission: string = QueuePermissions.read,
    field = 'id',
  ): Promise<QueueTicket> {
    ctx.require(permission);
    const ticket = await ctx.em.findOne(QueueTicket, { id: requireId(id, field) });
    if (!ticket) throw new NotFoundError(QueueRecords.ticket, id);
    await this.requireOwner(ctx, permission, ticket, () => new NotFoundError(QueueRecords.ticket, id));
    return ticket;
  }

  /**
   * Calls the next ticket to a counter: the desk's current ticket (if any) is served, then the
   * oldest ticket of today transferred to this desk, else the oldest waiting ticket of a service the
   * desk serves. Concurrent calls at several desks never take the same ticket (SKIP LOCKED).
   */
  async callNext(
    ctx: RequestContext,
    input: { deskId: string },
  ): Promise<{ ticket: QueueTicket | null; finished: QueueTicket | null }> {
    ctx.require(QueuePermissions.operate);
    const desk = await directory.desk(ctx, requireId(input.deskId, 'deskId'));
    if (!desk) throw new NotFoundError(QueueRecords.desk, input.deskId);
    const place = await this.placeOfCentre(ctx, desk.centre.id);
    if (!place) throw new NotFoundError(QueueRecords.desk, input.deskId);
    await this.requireOwner(
      ctx,
      QueuePermissions.operate,
      place,
      () => new NotFoundError(QueueRecords.desk, input.deskId),
    );
    const actor = await directory.actor(ctx);
    const at = now();

    const current = await ctx.em.find(QueueTicket, {
      deskId: desk.id,
      status: QueueTicketStatus.CALLED,
    });
    for (const t of current) await this.finish(ctx, t, QueueTicketStatus.SERVED, at, 'complete');
    await ctx.em.flush();

    const serviceIds = (
      await ctx.em.execute<Array<{ id: string }>>(
        `select id from queue_service where centre_id = ? and ? = any(desk_ids)`,
        [place.centreId, desk.id],
      )
    ).map((r) => r.id);
    const next = await ctx.em.execute<Array<{ id: string }>>(
      `select id from queue_ticket
        where centre_id = ? and day = ? and status = 'WAITING'
          and (target_desk_id = ? or (target_desk_id is null and service_id = any(?::uuid[])))
        order by (target_desk_id is not null) desc, issued_at, seq
        limit 1 for update skip locked`,
      [place.centreId, localToday(), desk.id, pgArray(serviceIds)],
    );
    let ticket: QueueTicket | null = null;
    if (next.length) {
      ticket = await ctx.em.findOneOrFail(QueueTicket, { id: next[0].id });
      const before = ticketSnapshot(ticket);
      ticket.status = QueueTicketStatus.CALLED;
      ticket.calledAt ??= at;
      ticket.deskId = desk.id;
      ticket.targetDeskId = null;
      ticket.calledById = actor.officialId;
      await ctx.em.flush();
      this.auditTicket(ctx, ticket, 'call', before);
      await this.announceCall(ctx, ticket, false, at);
    }
    return { ticket, finished: current[0] ?? null };
  }

  async recall(ctx: RequestContext, input: { ticketId: string }): Promise<QueueTicket> {
    const ticket = await this.ticketFor(ctx, input.ticketId, QueuePermissions.operate, 'ticketId');
    if (ticket.status !== QueueTicketStatus.CALLED) throw invalidState(ticket, 'recall');
    const before = ticketSnapshot(ticket);
    ticket.recallCount += 1;
    ticket.calledById = (await directory.actor(ctx)).officialId;
    await ctx.em.flush();
    this.auditTicket(ctx, ticket, 'recall', before);
    await this.announceCall(ctx, ticket, true, now());
    return ticket;
  }

  /** `queue.ticket.called`: the durable event (jobs, webhooks) and the boards' live event, both after commit. */
  private async announceCall(ctx: RequestContext, ticket: QueueTicket, recall: boolean, at: Date) {
    await ctx.publish(QueueTicketCalled, { ...eventOf(ticket), recall });
    ctx.publishLive(QueueTicketCalledLive, { ...eventOf(ticket), recall, at: at.toISOString() });
  }

  async skip(ctx: RequestContext, input: { ticketId: string }): Promise<QueueTicket> {
    const ticket = await this.ticketFor(ctx, input.ticketId, QueuePermissions.operate, 'ticketId');
    if (ticket.status !== QueueTicketStatus.CALLED) throw invalidState(ticket, 'skip');
    await this.finish(ctx, ticket, QueueTicketStatus.SKIPPED, now(), 'skip');
    await ctx.em.flush();
    return ticket;
  }

  async complete(ctx: RequestContext, input: { ticketId: string }): Promise<QueueTicket> {
    const ticket = await this.ticketFor(ctx, input.ticketId, QueuePermissions.operate, 'ticketId');
    if (ticket.status !== QueueTicketStatus.CALLED) throw invalidState(ticket, 'complete');
    await this.finish(ctx, ticket, QueueTicketStatus.SERVED, now(), 'complete');
    await ctx.em.flush();
    return ticket;
  }

  /** Sends a waiting or called ticket to another counter of the centre: it is called there next. */
  async transfer(ctx: RequestContext, input: { ticketId: string; deskId: string }): Promise<QueueTicket> {
    const ticket = await this.ticketFor(ctx, input.ticketId, QueuePermissions.operate, 'ticketId');
    if (ticket.status !== QueueTicketStatus.WAITING && ticket.status !== QueueTicketStatus.CALLED)
      throw invalidState(ticket, 'transfer');
    const desk = await this.deskOfCentre(ctx, ticket.centreId, input.deskId, 'deskId');
    if (ticket.status === QueueTicketStatus.CALLED && ticket.deskId === desk.id)
      throw new BadInputError(
        { vi: 'Số đang ở chính quầy này', en: 'The ticket is already at this desk' },
        { field: 'deskId' },
      );
    const before = ticketSnapshot(ticket);
    const fromDeskId = ticket.deskId;
    ticket.status = QueueTicketStatus.WAITING;
    ticket.targetDeskId = desk.id;
    await ctx.em.flush();
    this.auditTicket(ctx, ticket, 'transfer', before);
    await ctx.publish(QueueTicketTransferred, { ...eventOf(ticket), fromDeskId });
    return ticket;
  }

  /**
   * Links a called or served ticket to the dossier it produced, checked through the procedures
   * plugin's own service (the caller must see the dossier) and to be a dossier of the centre's agency.
   */
  async linkDossier(
    ctx: RequestContext,
    input: { ticketId: string; dossierId: string },
  ): Promise<QueueTicket> {
    const ticket = await this.ticketFor(ctx, input.ticketId, QueuePermissions.operate, 'ticketId');
    if (ticket.status !== QueueTicketStatus.CALLED && ticket.status !== QueueTicketStatus.SERVED)
      throw invalidState(ticket, 'link');
    const dossierId = requireId(input.dossierId, 'dossierId');
    const dossier = await dossiers.get(ctx, dossierId).catch((error: unknown) => {
      if (error instanceof NotFoundError)
        throw new BadInputError(
          { vi: `Không tìm thấy hồ sơ ${dossierId}`, en: `Dossier ${dossierId} was not found` },
          { field: 'dossierId' },
        );
      throw error;
    });
    if (dossier.agencyId !== ticket.agencyId)
      throw new BadInputError(
        {
          vi: 'Hồ sơ không được tiếp nhận tại cơ quan của bộ phận một cửa này',
          en: 'The dossier was not received by this centre’s agency',
        },
        { field: 'dossierId' },
      );
    const before = ticketSnapshot(ticket);
    ticket.dossierId = dossier.id;
    await ctx.em.flush();
    this.auditTicket(ctx, ticket, 'link', before);
    await ctx.publish(QueueTicketLinked, { ...eventOf(ticket), dossierId: dossier.id });
    return ticket;
  }

  private async finish(
    ctx: RequestContext,
    ticket: QueueTicket,
    status: QueueTicketStatus.SERVED | QueueTicketStatus.SKIPPED,
    at: Date,
    action: string,
  ) {
    const before = ticketSnapshot(ticket);
    ticket.status = status;
    ticket.finishedAt = at;
    this.auditTicket(ctx, ticket, action, before);
    await ctx.publish(QueueTicketFinished, { ...eventOf(ticket), status });
  }

  private auditTicket(
    ctx: RequestContext,
    ticket: QueueTicket,
    action: string,
    before: Record<string, unknown>,
  ) {
    ctx.audit({
      action: `queue.ticket.${action}`,
      entityType: 'QueueTicket',
      entityId: ticket.id,
      unitId: ticket.unitId,
      agencyId: ticket.agencyId,
      before,
      after: ticketSnapshot(ticket),
    });
  }

  // --- the board and statistics -------------------------------------------------------------------

  /** Today's queue of a centre: who is called where, who waits, the longest wait so far. */
  async board(ctx: RequestContext, centreId: string) {
    const place = await this.centreFor(ctx, centreId);
    const day = localToday();
    const calling = await ctx.em.find(
      QueueTicket,
      { centreId: place.centreId, day, status: QueueTicketStatus.CALLED },
      { orderBy: { updatedAt: 'desc' } },
    );
    const waiting = await ctx.em.find(
      QueueTicket,
      { centreId: place.centreId, day, status: QueueTicketStatus.WAITING },
      { orderBy: { issuedAt: 'asc', seq: 'asc' }, limit: 100 },
    );
    const [{ n }] = await ctx.em.execute<Array<{ n: number }>>(
      `select count(*)::int as n from queue_ticket where centre_id = ? and day = ? and status = 'WAITING'`,
      [place.centreId, day],
    );
    const at = now();
    const longestWaitSeconds = waiting.length
      ? Math.max(0, Math.floor((at.getTime() - waiting[0].issuedAt.getTime()) / 1000))
      : 0;
    return { centreId: place.centreId, day, calling, waiting, waitingCount: n, longestWaitSeconds };
  }

  /**
   * Waiting time (issued → first called) and serving time (first called → served) of the centre's
   * tickets of the local days [from, to], per counter, per service and per local hour of issue.
   */
  async statistics(ctx: RequestContext, centreId: string, from: string, to: string) {
    const place = await this.centreFor(ctx, centreId);
    if (from > to)
      throw new BadInputError(
        { vi: 'Từ ngày phải trước đến ngày', en: 'from must not be after to' },
        { field: 'from' },
      );
    const by = async (key: string, where = 'true'): Promise<TimeStatisticsRow[]> => {
      const rows = await ctx.em.execute<Array<Record<string, unknown>>>(
        `select ${key} as key, count(*)::int as tickets,
                count(*) filter (where status = 'SERVED')::int as served,
                count(*) filter (where status = 'SKIPPED')::int as skipped,
                avg(extract(epoch from called_at - issued_at)) filter (where called_at is not null)::float8 as avg_wait,
                max(extract(epoch from called_at - issued_at)) filter (where called_at is not null)::float8 as max_wait,
                avg(extract(epoch from finished_at - called_at)) filter (where status = 'SERVED')::float8 as avg_serving
           from queue_ticket where centre_id = ? and day between ? and ? and ${where}
          group by 1 order by 1`,
        [place.centreId, from, to],
      );
      const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
      return rows.map((r) => ({
        key: r.key as string | number,
        tickets: Number(r.tickets),
        served: Number(r.served),
        skipped: Number(r.skipped),
        averageWaitSeconds: num(r.avg_wait),
        longestWaitSeconds: r.max_wait === null ? null : Math.round(Number(r.max_wait)),
        averageServingSeconds: num(r.avg_serving),
      }));
    };
    return {
      byDesk: await by('desk_id', 'desk_id is not null'),
      byService: await by('service_id'),
      byHour: await by(`extract(hour from issued_at at time zone '${VIETNAM_TIME_ZONE}')::int`),
    };
  }
}

export const queue = new QueueServiceImpl();
