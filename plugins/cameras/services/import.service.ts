import { parse } from 'csv-parse/sync';
import { localToday, pgArray, type RequestContext } from '../../../src';
import { Device } from '../entities/device.entity';
import { CameraStreamProtocol, DeviceStatus, DeviceType, PlacementReason } from '../entities/enums';
import { CamerasPermissions } from '../permissions';
import {
  deviceSnapshot,
  ownerOf,
  placementOf,
  placementColumns,
  samePlacement,
  type DeviceFields,
  type DevicesService,
  type Placement,
} from './devices.service';
import { FieldProblem, normaliseAssetTag } from './validation';

/** Columns of a device CSV (header row required; names ignore case, spaces and underscores). */
export const IMPORT_COLUMNS = [
  'assetTag',
  'type',
  'serial',
  'vendor',
  'model',
  'purchaseDate',
  'warrantyEndsOn',
  'status',
  'host',
  'port',
  'unitCode',
  'agencyElectronicId',
  'deskCode',
  'custodianUsername',
  'streamProtocol',
  'streamUrl',
  'recordsAudio',
  'notes',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

export const MAX_IMPORT_ROWS = 10000;

export interface ImportError {
  /** Line of the CSV text (the header is line 1); 0 for a problem with the whole file. */
  line: number;
  assetTag: string | null;
  field: string | null;
  message: string;
}

export interface ImportResult {
  dryRun: boolean;
  /** True when the rows were written (no errors, not a dry run). */
  applied: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportError[];
}

export type ImportProgress = (event: { phase: 'validate' | 'write'; done: number; total: number }) => void;

interface RowPlan {
  line: number;
  assetTag: string;
  type: DeviceType;
  existing: Device | null;
  /** null: keep the existing placement. */
  placement: Placement | null;
  fields: DeviceFields;
  action: 'create' | 'update' | 'unchanged';
}

const TRUE = ['true', '1', 'yes', 'y', 'x', 'co', 'có'];
const FALSE = ['false', '0', 'no', 'n', 'khong', 'không'];
const key = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');
const COLUMN_BY_KEY = new Map<string, Column>(IMPORT_COLUMNS.map((c) => [key(c), c]));

function enumValue<E extends string>(values: readonly E[], raw: string, field: string): E {
  const value = raw.trim().toUpperCase().replace(/[\s-]/g, '_') as E;
  if (!values.includes(value)) throw new FieldProblem(field, `${field} must be one of ${values.join(', ')}`);
  return value;
}

/** A copy detached from the ORM, to try a row's changes on before anything is written. */
function scratchCopy(device: Device | null, type: DeviceType, assetTag: string): Device {
  const copy = new Device();
  copy.assetTag = assetTag;
  copy.type = type;
  if (!device) return copy;
  for (const prop of [
    'serial',
    'vendor',
    'model',
    'purchaseDate',
    'warrantyEndsOn',
    'status',
    'host',
    'port',
    'notes',
    'streamProtocol',
    'streamUrl',
    'recordsAudio',
    'credentialsSetAt',
    'unitId',
    'agencyId',
    'centreId',
    'deskId',
    'custodianId',
    'watchedDeskId',
  ] as const) {
    (copy as unknown as Record<string, unknown>)[prop] = device[prop];
  }
  return copy;
}

/**
 * Imports devices from CSV: every row is validated first (per-row errors, nothing written when any
 * row fails), then all rows are written in one transaction. Rows are matched by asset tag, so running
 * the same file again changes nothing. A column left out keeps existing values; an empty cell clears
 * an optional value. Camera credentials are never imported (set them with setCameraCredentials).
 */
export class DeviceImportService {
  constructor(private readonly devices: DevicesService) {}

  async importCsv(
    ctx: RequestContext,
    csv: string,
    options: { dryRun?: boolean; onProgress?: ImportProgress } = {},
  ): Promise<ImportResult> {
    ctx.require(CamerasPermissions.manage);
    const dryRun = options.dryRun ?? false;
    const result: ImportResult = {
      dryRun,
      applied: false,
      total: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      errors: [],
    };
    const fileError = (message: string, line = 0) => {
      result.errors.push({ line, assetTag: null, field: null, message });
      return result;
    };

    const firstLine = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
      records = parse(csv, {
        bom: true,
        delimiter,
        info: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      });
    } catch (error) {
      const e = error as { lines?: number; message?: string };
      return fileError(`The CSV cannot be read: ${(e.message ?? 'malformed').split(':')[0]}`, e.lines ?? 0);
    }
    if (!records.length) return fileError('The CSV is empty: a header row is required');
    const header = records[0].record.map((name) => COLUMN_BY_KEY.get(key(name)) ?? null);
    const unknown = records[0].record.filter((_, i) => header[i] === null);
    if (unknown.length)
      return fileError(`Unknown column(s): ${unknown.join(', ')}. Columns: ${IMPORT_COLUMNS.join(', ')}`, 1);
    const columns = new Set(header as Column[]);
    if (columns.size !== header.length) return fileError('A column appears twice in the header', 1);
    for (const required of ['assetTag', 'type'] as const)
      if (!columns.has(required)) return fileError(`The header must have a ${required} column`, 1);
    const rows = records.slice(1).map(({ record, info }) => {
      const cells = new Map<Column, string>();
      header.forEach((column, i) => cells.set(column!, record[i] ?? ''));
      return { line: info.lines, cells, width: record.length };
    });
    if (rows.length > MAX_IMPORT_ROWS)
      return fileError(`At most ${MAX_IMPORT_ROWS} rows per import; split the file`);
    result.total = rows.length;

    const lookups = await this.loadLookups(
      ctx,
      rows.map((r) => r.cells),
    );
    const plans: RowPlan[] = [];
    const seen = new Map<string, number>();
    for (const [index, row] of rows.entries()) {
      const errors: ImportError[] = [];
      const plan = await this.planRow(ctx, row, columns, lookups, seen, errors);
      if (plan && !errors.length) plans.push(plan);
      result.errors.push(...errors);
      options.onProgress?.({ phase: 'validate', done: index + 1, total: rows.length });
    }
    for (const plan of plans)
      result[plan.action === 'create' ? 'created' : plan.action === 'update' ? 'updated' : 'unchanged']++;
    if (result.errors.length || dryRun) {
      if (result.errors.length) result.created = result.updated = result.unchanged = 0;
      return result;
    }

    await ctx.transactional(async () => {
      for (const [index, plan] of plans.entries()) {
        if (plan.action !== 'unchanged') await this.write(ctx, plan);
        options.onProgress?.({ phase: 'write', done: index + 1, total: plans.length });
      }
      await ctx.em.flush();
    });
    result.applied = true;
    return result;
  }

  private async planRow(
    ctx: RequestContext,
    row: { line: number; cells: Map<Column, string>; width: number },
    columns: Set<Column>,
    lookups: Awaited<ReturnType<DeviceImportService['loadLookups']>>,
    seen: Map<string, number>,
    errors: ImportError[],
  ): Promise<RowPlan | null> {
    const cell = (c: Column) => row.cells.get(c) ?? '';
    const has = (c: Column) => columns.has(c);
    let assetTag: string | null = null;
    const problem = (error: unknown) => {
      if (!(error instanceof FieldProblem)) throw error;
      errors.push({ line: row.line, assetTag, field: error.field, message: error.message });
    };
    const attempt = <T>(work: () => T): T | undefined => {
      try {
        return work();
      } catch (error) {
        problem(error);
        return undefined;
      }
    };

    assetTag = attempt(() => normaliseAssetTag(cell('assetTag'))) ?? null;
    if (!assetTag) return null;
    const previous = seen.get(assetTag);
    if (previous !== undefined) {
      problem(new FieldProblem('assetTag', `Asset tag ${assetTag} already appears on line ${previous}`));
      return null;
    }
    seen.set(assetTag, row.line);
    const type = attempt(() => enumValue(Object.values(DeviceType), cell('type'), 'type'));
    if (!type) return null;

    const existing = lookups.devices.get(assetTag) ?? null;
    if (existing) {
      if (!(await ctx.can(CamerasPermissions.manage, ownerOf(existing)))) {
        problem(
          new FieldProblem(
            'assetTag',
            `Asset tag ${assetTag} belongs to a device outside the units you manage`,
          ),
        );
        return null;
      }
      if (existing.type !== type)
        problem(new FieldProblem('type', `Device ${assetTag} is a ${existing.type}; its type cannot change`));
    }

    // Placement: the desk (by code, in the agency) or the agency, else the unit (GSO code, valid today).
    let placement: Placement | null = null;
    const unitCode = cell('unitCode').trim();
    const agencyId = cell('agencyElectronicId').trim().toUpperCase();
    const deskCode = cell('deskCode').trim();
    if (unitCode || agencyId || deskCode) {
      const unit = unitCode ? lookups.units.get(unitCode) : undefined;
      const agency = agencyId ? lookups.agencies.get(agencyId) : undefined;
      if (unitCode && !unit)
        problem(new FieldProblem('unitCode', `No administrative unit has code ${unitCode} today`));
      if (agencyId && !agency)
        problem(new FieldProblem('agencyElectronicId', `No agency has electronic id ${agencyId}`));
      if (deskCode && !agencyId)
        problem(new FieldProblem('deskCode', 'A desk code needs the agencyElectronicId of its agency'));
      if (unit && agency && agency.unit_id !== unit.id)
        problem(new FieldProblem('unitCode', `Agency ${agencyId} belongs to another unit than ${unitCode}`));
      if (agency) {
        placement = { unitId: agency.unit_id, agencyId: agency.id, centreId: null, deskId: null };
        if (deskCode) {
          const desks = lookups.desks.filter((d) => d.agency_id === agency.id && d.code === deskCode);
          if (!desks.length)
            problem(new FieldProblem('deskCode', `Agency ${agencyId} has no desk ${deskCode}`));
          else if (desks.length > 1)
            problem(
              new FieldProblem(
                'deskCode',
                `Agency ${agencyId} has desk ${deskCode} in several one-stop centres`,
              ),
            );
          else placement = { ...placement, centreId: desks[0].centre_id, deskId: desks[0].id };
        }
      } else if (unit) {
        placement = { unitId: unit.id, agencyId: null, centreId: null, deskId: null };
      }
    } else if (!existing) {
      problem(new FieldProblem('unitCode', 'A new device needs a unitCode or an agencyElectronicId'));
    }
    if (placement && !(await ctx.can(CamerasPermissions.manage, placement))) {
      problem(new FieldProblem('unitCode', 'This placement is outside the units you manage'));
    }

    // Fields: a column left out keeps the value, an empty cell clears it.
    const fields: DeviceFields = {};
    for (const column of ['serial', 'vendor', 'model', 'notes', 'purchaseDate', 'warrantyEndsOn'] as const) {
      if (has(column)) fields[column] = cell(column) || null;
    }
    if (has('host')) fields.host = cell('host') || null;
    if (has('port')) {
      const port = cell('port');
      if (port && !/^\d{1,5}$/.test(port))
        problem(new FieldProblem('port', 'port must be a whole number from 1 to 65535'));
      else fields.port = port ? Number(port) : null;
    }
    if (has('status') && cell('status'))
      fields.status = attempt(() => enumValue(Object.values(DeviceStatus), cell('status'), 'status'));
    else if (!existing) fields.status = placement?.deskId ? DeviceStatus.IN_SERVICE : DeviceStatus.IN_STOCK;
    if (has('custodianUsername')) {
      const username = cell('custodianUsername').toLowerCase();
      const official = username ? lookups.officials.get(username) : null;
      if (username && !official)
        problem(new FieldProblem('custodianUsername', `No official has username ${username}`));
      else fields.custodianId = official?.id ?? null;
    }
    if (has('streamUrl') || has('streamProtocol') || has('recordsAudio')) {
      const url = cell('streamUrl');
      const audioText = cell('recordsAudio').toLowerCase();
      let recordsAudio = existing?.recordsAudio ?? false;
      if (audioText && TRUE.includes(audioText)) recordsAudio = true;
      else if (audioText && FALSE.includes(audioText)) recordsAudio = false;
      else if (audioText)
        problem(new FieldProblem('recordsAudio', 'recordsAudio must be true or false (có/không)'));
      if (type !== DeviceType.CAMERA) {
        if (url || cell('streamProtocol') || audioText)
          problem(new FieldProblem('streamUrl', 'Only cameras have stream settings'));
      } else if (url) {
        const protocol = cell('streamProtocol')
          ? attempt(() =>
              enumValue(Object.values(CameraStreamProtocol), cell('streamProtocol'), 'streamProtocol'),
            )
          : /^rtsps?:/i.test(url)
            ? CameraStreamProtocol.RTSP
            : undefined;
        if (!protocol && !cell('streamProtocol'))
          problem(
            new FieldProblem('streamProtocol', 'streamProtocol is needed unless the URL starts with rtsp://'),
          );
        if (protocol)
          fields.camera = {
            protocol,
            streamUrl: url,
            recordsAudio,
            watchedDeskId: existing?.watchedDeskId ?? null,
          };
      } else if (has('streamUrl')) {
        fields.camera = null;
      } else if (existing?.streamUrl && has('recordsAudio')) {
        fields.camera = {
          protocol: existing.streamProtocol!,
          streamUrl: existing.streamUrl,
          recordsAudio,
          watchedDeskId: existing.watchedDeskId,
        };
      }
    }
    if (errors.length) return null;

    // Try the row on a detached copy: the same checks as the API, and whether anything changes.
    const scratch = scratchCopy(existing, type, assetTag);
    if (placement) this.devices.applyPlacement(scratch, placement);
    try {
      await this.devices.applyFields(ctx, scratch, fields);
    } catch (error) {
      problem(error);
      return null;
    }
    let action: RowPlan['action'] = 'create';
    if (existing) {
      const moved = placement !== null && !samePlacement(placementOf(existing), placement);
      action =
        moved || JSON.stringify(deviceSnapshot(scratch)) !== JSON.stringify(deviceSnapshot(existing))
          ? 'update'
          : 'unchanged';
    }
    return { line: row.line, assetTag, type, existing, placement, fields, action };
  }

  private async write(ctx: RequestContext, plan: RowPlan): Promise<void> {
    const before = plan.existing ? deviceSnapshot(plan.existing) : null;
    const from = plan.existing ? placementOf(plan.existing) : null;
    let device: Device;
    if (plan.existing) {
      device = plan.existing;
      if (plan.placement) this.devices.applyPlacement(device, plan.placement);
    } else {
      // Planning refuses a new device without a placement.
      if (!plan.placement) throw new Error(`Row ${plan.line}: a new device needs a placement`);
      device = ctx.em.create(Device, {
        assetTag: plan.assetTag,
        type: plan.type,
        ...placementColumns(plan.placement),
      });
    }
    await this.devices.applyFields(ctx, device, plan.fields);
    const to = placementOf(device);
    if (!from || !samePlacement(from, to))
      this.devices.recordPlacement(ctx, device, from, to, PlacementReason.IMPORTED, 'CSV import');
    ctx.audit({
      action: plan.existing ? 'cameras.device.import-update' : 'cameras.device.import-create',
      entityType: 'Device',
      entityId: device.id,
      unitId: to.unitId,
      agencyId: to.agencyId,
      before,
      after: deviceSnapshot(device),
    });
  }

  /** Everything the rows refer to, in a few queries. */
  private async loadLookups(ctx: RequestContext, rows: Array<Map<Column, string>>) {
    const values = (column: Column, normalise: (v: string) => string = (v) => v.trim()) => [
      ...new Set(rows.map((r) => normalise(r.get(column) ?? '')).filter(Boolean)),
    ];
    const tags = values('assetTag', (v) => v.trim().toUpperCase());
    const unitCodes = values('unitCode');
    const agencyIds = values('agencyElectronicId', (v) => v.trim().toUpperCase());
    const usernames = values('custodianUsername', (v) => v.trim().toLowerCase());
    const day = localToday();
    // One after another, all through ctx.em: inside the import mutation's transaction they share its connection.
    const devices = tags.length ? await ctx.em.find(Device, { assetTag: { $in: tags } }) : [];
    // Staff's records through its public views (plain ids; never its tables or entities).
    const units = unitCodes.length
      ? await ctx.em.execute<Array<{ id: string; code: string }>>(
          `select id, code from staff_unit_v where code = any(?::text[])
             and (valid_from is null or valid_from <= ?::date) and (valid_to is null or valid_to > ?::date)`,
          [pgArray(unitCodes), day, day],
        )
      : [];
    const agencies = agencyIds.length
      ? await ctx.em.execute<Array<{ id: string; electronic_id: string; unit_id: string }>>(
          `select id, electronic_id, unit_id from staff_agency_v where electronic_id = any(?::text[])`,
          [pgArray(agencyIds)],
        )
      : [];
    const officials = usernames.length
      ? await ctx.em.execute<Array<{ id: string; username: string }>>(
          `select id, username from staff_official_v where username = any(?::text[])`,
          [pgArray(usernames)],
        )
      : [];
    const desks = agencies.length
      ? await ctx.em.execute<Array<{ id: string; code: string; centre_id: string; agency_id: string }>>(
          `select d.id, d.code, d.centre_id, d.agency_id from staff_desk_v d where d.agency_id = any(?::uuid[])`,
          [pgArray(agencies.map((a) => a.id))],
        )
      : [];
    return {
      devices: new Map(devices.map((d) => [d.assetTag, d])),
      units: new Map(units.map((u) => [u.code, u])),
      agencies: new Map(agencies.map((a) => [a.electronic_id, a])),
      officials: new Map(officials.map((o) => [o.username, o])),
      desks,
    };
  }
}
