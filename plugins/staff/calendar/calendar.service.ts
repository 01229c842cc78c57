import type { FilterQuery } from '@mikro-orm/core';
import { BadInputError, ForbiddenError, LocalTimeError, NotFoundError, RequestContext } from '../../../src';
import type { AppServices } from '../../../src';
import { CalendarEntry, CalendarEntryKind, CalendarEntrySource } from './entities/calendar-entry.entity';
import { CalendarOfficeHours } from './entities/office-hours.entity';
import { CALENDAR_MANAGE } from './permissions';
import { calendarYearData } from './holidays';
import { CalendarError, LocalDate, dateOfDayNumber, dayNumberOfDate, formatTimeOfDay } from './local-time';
import {
  DEFAULT_OFFICE_HOURS,
  IsoWeekday,
  OfficeHoursSpec,
  TimeRange,
  WorkingCalendar,
  checkCutoffHour,
} from './working-calendar';
import { ClockPause, DeadlineUnitName, computeDue, countingStart, workingTimeBetween } from './deadlines';
import { StaffRecords } from '../errors';
import { UUID_PATTERN as UUID } from '../../../src';

/** Where an agency's effective office hours come from. */
export type OfficeHoursOrigin = 'AGENCY' | 'PLATFORM' | 'BUILT_IN';

export interface EffectiveOfficeHours {
  /** The agency asked about (null: platform). */
  agencyId: string | null;
  origin: OfficeHoursOrigin;
  spec: OfficeHoursSpec;
}

export interface CalendarDueInput {
  /** Whose calendar: an agency's (with its own entries and hours), or null for the platform's. */
  agencyId?: string | null;
  start: Date;
  amount: number;
  unit: DeadlineUnitName;
  /** Per-procedure cut-off hour; undefined: the agency's default; null: none. */
  cutoffHour?: number | null;
  pauses?: readonly ClockPause[];
}

export interface SetCalendarEntryData {
  date: LocalDate;
  kind: CalendarEntryKind;
  name: string;
  agencyId?: string | null;
}

export interface SetOfficeHoursData {
  agencyId?: string | null;
  /** Opening ranges per ISO weekday; weekdays left out are closed. */
  days: Array<{ weekday: number; ranges: TimeRange[] }>;
  /** Hours of make-up working days; default Monday's. */
  makeupDay?: TimeRange[] | null;
  cutoffHour?: number | null;
}

export interface CalendarYearView {
  year: number;
  agencyId: string | null;
  officeHours: EffectiveOfficeHours;
  /** Effective entries of the year: the agency's own, and the platform's on the other dates. */
  entries: CalendarEntry[];
  workingDayCount: number;
  /** No announcement is recorded for the year (in the shipped data or entered by an admin). */
  provisional: boolean;
  /** The documents that announced the year's days off. */
  sources: string[];
}

/** Tells the calendar which administrative unit an agency belongs to, for scope checks. */
export type AgencyUnitLookup = (ctx: RequestContext, agencyId: string) => Promise<string | null>;

const agencyUnitLookups = new WeakMap<AppServices, AgencyUnitLookup>();

/**
 * Called by the staff plugin once agencies exist (e.g. in onBootstrap): agency-specific calendar
 * edits are then checked against the editor's unit scope. Without it, the permission alone decides.
 */
export function setAgencyUnitLookup(app: AppServices, lookup: AgencyUnitLookup): void {
  agencyUnitLookups.set(app, lookup);
}

const LOADER = 'staff.calendar.working-calendar';
const PLATFORM_KEY = '';

/** The topic on which every API process hears that calendar entries or office hours changed. */
export const CALENDARS_CHANGED = 'staff.calendars-changed';
/** How long a process keeps a calendar when it hears of no change (a change through SQL alone). */
export const CALENDAR_CACHE_MS = 60_000;
const CALENDAR_CACHE_MAX = 2_000;

/**
 * Calendars kept between requests, per app: every intake, transfer and supplement computes a due
 * time, and reading the calendar (entries of every year and office hours, two statements and about
 * a hundred rows) cost more than the rest of the computation. A calendar is immutable once built.
 * Any change made through the service clears them in every process (core notifications, as the
 * staff scopes); without a notification they are read again after CALENDAR_CACHE_MS.
 */
interface SharedCalendars {
  entries: Map<string, { calendar: WorkingCalendar; at: number }>;
  /** Bumped by every change: a load begun before it is not kept. */
  generation: number;
}

const sharedCalendars = new WeakMap<AppServices, SharedCalendars>();
/** Requests that changed the calendar read it afresh until the end (their change is not committed yet). */
const changedBy = new WeakSet<RequestContext>();

function sharedOf(app: AppServices): SharedCalendars {
  let shared = sharedCalendars.get(app);
  if (!shared) sharedCalendars.set(app, (shared = { entries: new Map(), generation: 0 }));
  return shared;
}

/** Drops this process's calendars (a change here or in another process, or missed notifications). */
export function forgetCalendars(app: AppServices): void {
  const shared = sharedOf(app);
  shared.generation++;
  shared.entries.clear();
}

/** Wires the calendar cache to the notifications (onBootstrap); any message, or a missed one, clears it. */
export function listenForCalendarChanges(app: AppServices): () => void {
  return app.notifications.subscribe(CALENDARS_CHANGED, () => forgetCalendars(app));
}

/** Agency ids are uuids (the column has no foreign key, so the format is checked here). */
function checkAgencyId(agencyId: string | null | undefined): string | null {
  if (agencyId === null || agencyId === undefined) return null;
  if (!UUID.test(agencyId))
    throw new BadInputError(`agencyId "${agencyId}" is not a uuid`, { field: 'agencyId' });
  return agencyId.toLowerCase();
}

/** Turns calendar validation errors into BAD_USER_INPUT. */
function userInput<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CalendarError || error instanceof LocalTimeError)
      throw new BadInputError(error.message);
    throw error;
  }
}

function specOfRow(row: Pick<CalendarOfficeHours, 'week' | 'makeupDay' | 'cutoffMinutes'>): OfficeHoursSpec {
  const week: Partial<Record<IsoWeekday, TimeRange[]>> = {};
  for (const [key, ranges] of Object.entries(row.week)) week[Number(key) as IsoWeekday] = ranges;
  return {
    week,
    makeupDay: row.makeupDay,
    cutoffHour: row.cutoffMinutes === null ? null : row.cutoffMinutes / 60,
  };
}

/**
 * The working calendar with its data: holidays and make-up days (platform-wide and per agency) and
 * office hours. Every method takes the request context first. Calendars are loaded once per request.
 */
export class CalendarService {
  /** The working calendar of an agency (null: the platform's), cached for the request. */
  async calendarFor(ctx: RequestContext, agencyId: string | null): Promise<WorkingCalendar> {
    return this.loader(ctx).load(checkAgencyId(agencyId) ?? PLATFORM_KEY);
  }

  /** The due time (appointment) of a limit on an agency's calendar. */
  async computeDue(ctx: RequestContext, input: CalendarDueInput): Promise<Date> {
    return (await this.previewDue(ctx, input)).dueAt;
  }

  /** When counting starts and when the limit ends. */
  async previewDue(
    ctx: RequestContext,
    input: CalendarDueInput,
  ): Promise<{ countingStartsAt: Date; dueAt: Date }> {
    const calendar = await this.calendarFor(ctx, input.agencyId ?? null);
    return userInput(() => ({
      countingStartsAt: countingStart(input.start, calendar, input.cutoffHour),
      dueAt: computeDue({ ...input, calendar }),
    }));
  }

  /** Working milliseconds between two instants on an agency's calendar (negative when b < a). */
  async workingTimeBetween(ctx: RequestContext, agencyId: string | null, a: Date, b: Date): Promise<number> {
    const calendar = await this.calendarFor(ctx, agencyId);
    return userInput(() => workingTimeBetween(a, b, calendar));
  }

  /** Office hours in force for an agency: its own, else the platform default, else the built-in one. */
  async officeHoursFor(ctx: RequestContext, agencyIdInput: string | null): Promise<EffectiveOfficeHours> {
    const agencyId = checkAgencyId(agencyIdInput);
    const rows = await ctx.em.find(
      CalendarOfficeHours,
      this.scopeOf<CalendarOfficeHours>(agencyId ? [agencyId] : []),
    );
    return this.pickHours(agencyId, rows);
  }

  /** A year of the calendar as people read it. */
  async yearView(ctx: RequestContext, year: number, agencyIdInput: string | null): Promise<CalendarYearView> {
    const agencyId = checkAgencyId(agencyIdInput);
    if (!Number.isInteger(year) || year < 1900 || year > 2199)
      throw new BadInputError('year must be between 1900 and 2199', { field: 'year' });
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const rows = await ctx.em.find(
      CalendarEntry,
      {
        $and: [{ date: { $gte: from, $lte: to } }, this.scopeOf<CalendarEntry>(agencyId ? [agencyId] : [])],
      } as FilterQuery<CalendarEntry>,
      { orderBy: { date: 'asc' } },
    );
    const own = new Set(rows.filter((r) => r.agencyId).map((r) => r.date));
    const entries = rows.filter((r) => r.agencyId || !own.has(r.date));
    const calendar = await this.calendarFor(ctx, agencyId);
    let workingDayCount = 0;
    for (let day = dayNumberOfDate(from); day <= dayNumberOfDate(to); day++) {
      if (calendar.isWorkingDay(dateOfDayNumber(day))) workingDayCount++;
    }
    const data = calendarYearData(year);
    // An administrator who enters a platform-wide day by hand is recording an announcement.
    const enteredByHand = rows.some((r) => r.agencyId === null && r.source !== CalendarEntrySource.STATUTORY);
    return {
      year,
      agencyId,
      officeHours: await this.officeHoursFor(ctx, agencyId),
      entries,
      workingDayCount,
      provisional: data.provisional && !enteredByHand,
      sources: data.sources,
    };
  }

  /** Creates or replaces the entry of a date (per agency, or platform-wide). */
  async setEntry(ctx: RequestContext, input: SetCalendarEntryData): Promise<CalendarEntry> {
    const agencyId = checkAgencyId(input.agencyId);
    const unitId = await this.authorizeManage(ctx, agencyId);
    userInput(() => dayNumberOfDate(input.date));
    const name = input.name.trim();
    if (!name) throw new BadInputError('name must not be empty', { field: 'name' });
    if (name.length > 300)
      throw new BadInputError('name is too long (300 characters at most)', { field: 'name' });
    let entry = await ctx.em.findOne(CalendarEntry, { date: input.date, agencyId });
    const before = entry ? this.auditShape(entry) : null;
    if (entry) {
      entry.kind = input.kind;
      entry.name = name;
      entry.source = CalendarEntrySource.MANUAL;
      entry.basis = null;
    } else {
      entry = ctx.em.create(CalendarEntry, {
        date: input.date,
        kind: input.kind,
        name,
        agencyId,
        source: CalendarEntrySource.MANUAL,
      } as CalendarEntry);
    }
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.calendar.entry.set',
      entityType: 'CalendarEntry',
      entityId: entry.id,
      unitId,
      agencyId,
      before,
      after: this.auditShape(entry),
    });
    this.invalidate(ctx);
    return entry;
  }

  /** Removes the entry of a date; the date goes back to the weekly hours (or the platform's entry). */
  async removeEntry(
    ctx: RequestContext,
    input: { date: LocalDate; agencyId?: string | null },
  ): Promise<CalendarEntry> {
    const agencyId = checkAgencyId(input.agencyId);
    const unitId = await this.authorizeManage(ctx, agencyId);
    userInput(() => dayNumberOfDate(input.date));
    const entry = await ctx.em.findOne(CalendarEntry, { date: input.date, agencyId });
    if (!entry)
      throw new NotFoundError(
        { vi: 'ngày trong lịch làm việc', en: 'Calendar entry of' },
        `${input.date}${agencyId ? ` (${agencyId})` : ''}`,
      );
    const before = this.auditShape(entry);
    ctx.em.remove(entry);
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.calendar.entry.remove',
      entityType: 'CalendarEntry',
      entityId: entry.id,
      unitId,
      agencyId,
      before,
      after: null,
    });
    this.invalidate(ctx);
    return entry;
  }

  /** Sets the office hours (and default cut-off) of an agency, or the platform default. */
  async setOfficeHours(ctx: RequestContext, input: SetOfficeHoursData): Promise<EffectiveOfficeHours> {
    const agencyId = checkAgencyId(input.agencyId);
    const unitId = await this.authorizeManage(ctx, agencyId);
    const week: Record<string, TimeRange[]> = {};
    for (const day of input.days) {
      if (!Number.isInteger(day.weekday) || day.weekday < 1 || day.weekday > 7) {
        throw new BadInputError(`weekday must be 1 (Monday) to 7 (Sunday), got ${day.weekday}`, {
          field: 'days',
        });
      }
      if (week[day.weekday])
        throw new BadInputError(`weekday ${day.weekday} is listed twice`, { field: 'days' });
      week[day.weekday] = day.ranges.map((r) => ({ start: r.start, end: r.end }));
    }
    const makeupDay = input.makeupDay?.length
      ? input.makeupDay.map((r) => ({ start: r.start, end: r.end }))
      : null;
    const cutoffHour = userInput(() => checkCutoffHour(input.cutoffHour));
    userInput(
      () =>
        new WorkingCalendar({
          officeHours: { ...specOfRow({ week, makeupDay, cutoffMinutes: null }), cutoffHour },
        }),
    );

    let row = await ctx.em.findOne(CalendarOfficeHours, { agencyId });
    const before = row
      ? { week: row.week, makeupDay: row.makeupDay, cutoffMinutes: row.cutoffMinutes }
      : null;
    const cutoffMinutes = cutoffHour === null ? null : Math.round(cutoffHour * 60);
    if (row) Object.assign(row, { week, makeupDay, cutoffMinutes });
    else
      row = ctx.em.create(CalendarOfficeHours, {
        agencyId,
        week,
        makeupDay,
        cutoffMinutes,
      } as CalendarOfficeHours);
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.calendar.office-hours.set',
      entityType: 'CalendarOfficeHours',
      entityId: row.id,
      unitId,
      before,
      after: {
        agencyId,
        week,
        makeupDay,
        cutoff: cutoffMinutes === null ? null : formatTimeOfDay(cutoffMinutes),
      },
    });
    this.invalidate(ctx);
    return this.officeHoursFor(ctx, agencyId);
  }

  /**
   * Brings the platform-wide generated days of the years up to date with the rules and the
   * announcements: statutory holidays, compensatory days (art. 111(3)) and announced swaps. Entries
   * an administrator entered or changed (source MANUAL) are kept; generated entries the current data
   * no longer has are removed. Returns how many entries were created, updated and removed.
   */
  async fillStatutoryHolidays(
    ctx: RequestContext,
    fromYear: number,
    toYear: number,
  ): Promise<{ created: number; updated: number; removed: number }> {
    await this.authorizeManage(ctx, null);
    if (
      !Number.isInteger(fromYear) ||
      !Number.isInteger(toYear) ||
      fromYear > toYear ||
      toYear - fromYear > 50 ||
      fromYear < 1900 ||
      toYear > 2199
    ) {
      throw new BadInputError('Give a range of at most 50 years between 1900 and 2199', {
        field: 'fromYear',
      });
    }
    const counts = await refreshGeneratedCalendar(
      (sql, params) => ctx.em.execute(sql, params),
      fromYear,
      toYear,
    );
    ctx.em.clear();
    ctx.audit({
      action: 'staff.calendar.statutory.fill',
      entityType: 'CalendarEntry',
      after: { fromYear, toYear, ...counts },
    });
    this.invalidate(ctx);
    return counts;
  }

  private loader(ctx: RequestContext) {
    return ctx.loader<string, WorkingCalendar>(LOADER, (keys) => this.sharedOrLoaded(ctx, keys));
  }

  /** The process's calendars where it has them, else read (and kept unless something changed meanwhile). */
  private async sharedOrLoaded(
    ctx: RequestContext,
    keys: readonly string[],
  ): Promise<Array<WorkingCalendar | Error>> {
    if (changedBy.has(ctx)) return this.loadCalendars(ctx, keys);
    const shared = sharedOf(ctx.app);
    const now = Date.now();
    const result: Array<WorkingCalendar | Error | undefined> = keys.map((key) => {
      const kept = shared.entries.get(key);
      return kept && now - kept.at < CALENDAR_CACHE_MS ? kept.calendar : undefined;
    });
    const missing = keys.filter((_, i) => result[i] === undefined);
    if (!missing.length) return result as WorkingCalendar[];
    const generation = shared.generation;
    const loaded = await this.loadCalendars(ctx, missing);
    const keep = generation === shared.generation && !changedBy.has(ctx);
    if (keep && shared.entries.size + missing.length > CALENDAR_CACHE_MAX) shared.entries.clear();
    missing.forEach((key, j) => {
      const value = loaded[j];
      result[keys.indexOf(key)] = value;
      if (keep && !(value instanceof Error)) shared.entries.set(key, { calendar: value, at: now });
    });
    return result as Array<WorkingCalendar | Error>;
  }

  /**
   * Forgets cached calendars after a change: the request's own (it reads its change from now on),
   * this process's at once and again after the commit, and every other process's after the commit.
   */
  private invalidate(ctx: RequestContext): void {
    this.loader(ctx).clearAll();
    changedBy.add(ctx);
    forgetCalendars(ctx.app);
    ctx.afterCommit(async () => {
      try {
        await ctx.app.notifications.publish(CALENDARS_CHANGED);
      } catch (error) {
        // Cleared here already; the others fall back to CALENDAR_CACHE_MS.
        forgetCalendars(ctx.app);
        ctx.logger.error({ err: error }, 'could not tell the other processes that the calendar changed');
      }
    });
  }

  /** One query for the entries and one for the hours of all requested calendars. */
  private async loadCalendars(
    ctx: RequestContext,
    keys: readonly string[],
  ): Promise<Array<WorkingCalendar | Error>> {
    const agencies = [...new Set(keys.filter((k) => k !== PLATFORM_KEY))];
    const entries = await ctx.em.find(CalendarEntry, this.scopeOf<CalendarEntry>(agencies));
    const hours = await ctx.em.find(CalendarOfficeHours, this.scopeOf<CalendarOfficeHours>(agencies));
    return keys.map((key) => {
      const agencyId = key === PLATFORM_KEY ? null : key;
      const byDate = new Map<string, CalendarEntry>();
      for (const e of entries) if (e.agencyId === null) byDate.set(e.date, e);
      if (agencyId) for (const e of entries) if (e.agencyId === agencyId) byDate.set(e.date, e);
      try {
        return new WorkingCalendar({
          officeHours: this.pickHours(agencyId, hours).spec,
          entries: [...byDate.values()].map((e) => ({ date: e.date, kind: e.kind, name: e.name })),
        });
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
  }

  /** Rows of the platform (agency_id is null) and of the given agencies. SQL `in (.., null)` never matches null. */
  private scopeOf<T extends { agencyId: string | null }>(agencies: string[]): FilterQuery<T> {
    return (
      agencies.length ? { $or: [{ agencyId: null }, { agencyId: { $in: agencies } }] } : { agencyId: null }
    ) as FilterQuery<T>;
  }

  private pickHours(agencyId: string | null, rows: CalendarOfficeHours[]): EffectiveOfficeHours {
    const own = agencyId ? rows.find((r) => r.agencyId === agencyId) : undefined;
    if (own) return { agencyId, origin: 'AGENCY', spec: specOfRow(own) };
    const platform = rows.find((r) => r.agencyId === null);
    if (platform) return { agencyId, origin: 'PLATFORM', spec: specOfRow(platform) };
    return { agencyId, origin: 'BUILT_IN', spec: DEFAULT_OFFICE_HOURS };
  }

  /**
   * Who may edit: the permission, plus a platform-wide scope for platform entries, or the agency in
   * scope (a role over it or over its unit) when the staff plugin has told us how to find its unit. Returns the unit for the audit.
   */
  private async authorizeManage(ctx: RequestContext, agencyId: string | null): Promise<string | null> {
    ctx.require(CALENDAR_MANAGE);
    if (agencyId === null) {
      if (!(await ctx.can(CALENDAR_MANAGE, null)))
        throw new ForbiddenError('Only a platform-wide administrator may change the platform calendar');
      return null;
    }
    const lookup = agencyUnitLookups.get(ctx.app);
    if (!lookup) return null;
    const unitId = await lookup(ctx, agencyId);
    if (!unitId) throw new NotFoundError(StaffRecords.agency, agencyId);
    await ctx.requireIn(CALENDAR_MANAGE, { unitId, agencyId });
    return unitId;
  }

  private auditShape(entry: CalendarEntry): Record<string, unknown> {
    return {
      date: entry.date,
      kind: entry.kind,
      name: entry.name,
      agencyId: entry.agencyId,
      source: entry.source,
    };
  }
}

/** The service instance the resolvers use; stateless, so other plugins may share it or make their own. */
export const calendarService = new CalendarService();

type Execute = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * The refresh itself, in plain SQL so that a migration can run it on an existing database as well
 * as the service: per date, a MANUAL platform entry wins; otherwise the generated day is written
 * (insert or update kind, name, source, basis); generated entries not wanted any more are deleted.
 */
export async function refreshGeneratedCalendar(
  execute: Execute,
  fromYear: number,
  toYear: number,
): Promise<{ created: number; updated: number; removed: number }> {
  const wanted = [];
  for (let year = fromYear; year <= toYear; year++) wanted.push(...calendarYearData(year).days);
  const rows = (await execute(
    `select to_char(date, 'YYYY-MM-DD') as date, kind, name, source, basis from staff_calendar_entry
      where agency_id is null and date between ? and ?`,
    [`${fromYear}-01-01`, `${toYear}-12-31`],
  )) as Array<{ date: string; kind: string; name: string; source: string; basis: string | null }>;
  const existing = new Map(rows.map((r) => [r.date, r]));
  let created = 0;
  let updated = 0;
  let removed = 0;
  const wantedDates = new Set(wanted.map((w) => w.date));
  for (const w of wanted) {
    const row = existing.get(w.date);
    if (!row) {
      await execute(
        `insert into staff_calendar_entry (id, created_at, updated_at, date, kind, name, agency_id, source, basis)
         values (gen_random_uuid(), now(), now(), ?, ?, ?, null, ?, ?)`,
        [w.date, w.kind, w.name, w.source, w.basis],
      );
      created++;
    } else if (
      row.source !== 'MANUAL' &&
      (row.kind !== w.kind || row.name !== w.name || row.source !== w.source || row.basis !== w.basis)
    ) {
      await execute(
        `update staff_calendar_entry set kind = ?, name = ?, source = ?, basis = ?, updated_at = now()
          where agency_id is null and date = ?`,
        [w.kind, w.name, w.source, w.basis, w.date],
      );
      updated++;
    }
  }
  for (const row of rows) {
    if (row.source === 'MANUAL' || wantedDates.has(row.date)) continue;
    await execute(`delete from staff_calendar_entry where agency_id is null and date = ?`, [row.date]);
    removed++;
  }
  return { created, updated, removed };
}
