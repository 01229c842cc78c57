import { parse } from 'csv-parse/sync';
import { EmailAccountsErrorCodes } from '../errors';
import { BadInputError, DomainError, pgArray, type RequestContext } from '../../../src';
import { directory, OfficialStatus, type OfficialRecord } from '../../staff';
import { followPrimaryMailboxes } from './work-email';
import { CredentialDelivery } from '../entities/credential-delivery.entity';
import { MailDomain } from '../entities/mail-domain.entity';
import { Mailbox } from '../entities/mailbox.entity';
import { DeliveryKind, MailboxKind, MailboxState } from '../entities/enums';
import { addressRegistry } from './address-registry';
import { checkExternalAddress, checkLocalPart, firstFree, localPartFor } from './addresses';
import { DELIVER_CREDENTIALS_JOB } from './credentials.service';
import { DomainsService } from './domains.service';
import { lists } from './lists.service';
import { mailboxes } from './mailboxes.service';

export interface ProvisionRowInput {
  /** The owner, by sign-in name (CSV) … */
  username?: string | null;
  /** … or by id. Neither: a shared (unit) mailbox. */
  officialId?: string | null;
  localPart?: string | null;
  displayName?: string | null;
  quotaMb?: number | null;
  deliverTo?: string | null;
}

export interface ProvisionInput {
  domainId: string;
  /** Every active official currently posted in the domain's agency. */
  wholeAgency?: boolean | null;
  rows?: ProvisionRowInput[] | null;
  /** CSV text with a header: username, local_part, display_name, quota_mb, deliver_to (only username or local_part needed). */
  csv?: string | null;
  /** Plan and report, write nothing. */
  dryRun?: boolean | null;
}

export enum ProvisionStatus {
  CREATED = 'CREATED',
  /** Would be created (dry run). */
  PLANNED = 'PLANNED',
  /** Exists already (a re-run): left as it is. */
  SKIPPED = 'SKIPPED',
  FAILED = 'FAILED',
}

export interface ProvisionRowResult {
  /** 1-based, in input order (CSV: data rows, header excluded). */
  row: number;
  officialId: string | null;
  username: string | null;
  address: string | null;
  status: ProvisionStatus;
  message: string | null;
  /** False when the official has no personal address: the mailbox waits (REQUESTED) for a reset with deliverTo. */
  credentialsQueued: boolean;
}

export interface ProvisionReport {
  domain: string;
  dryRun: boolean;
  total: number;
  created: number;
  skipped: number;
  failed: number;
  rows: ProvisionRowResult[];
}

export type ProgressCallback = (phase: 'plan' | 'write', done: number, total: number) => void;

export const MAX_PROVISION_ROWS = 10000;
const CHUNK = 250;
const domains = new DomainsService();

interface Planned {
  result: ProvisionRowResult;
  kind: MailboxKind;
  official: OfficialRecord | null;
  address: string;
  displayName: string;
  quotaMb: number;
  recipient: string | null;
}

/**
 * Bulk provisioning: a whole agency or a list of rows (CSV) in ONE transaction. Planning happens in
 * memory against the domain's taken addresses (under the domain's advisory lock), then the rows are
 * written in chunks; the credential-delivery jobs are enqueued in the same transaction, so an
 * interruption leaves nothing (no mailbox without its job, no job without its mailbox). Re-running
 * skips what exists. Passwords are not hashed here: each delivery job generates and hashes its own.
 */
export class ProvisioningService {
  parseCsv(text: string): ProvisionRowInput[] {
    let records: Array<Record<string, string>>;
    try {
      records = parse(text, {
        columns: (header: string[]) =>
          header.map((h) =>
            h
              .trim()
              .toLowerCase()
              .replace(/[\s-]+/g, '_'),
          ),
        skip_empty_lines: true,
        trim: true,
        bom: true,
      });
    } catch (error) {
      throw new BadInputError(
        {
          vi: `Không đọc được tệp CSV: ${(error as Error).message}`,
          en: `The CSV cannot be read: ${(error as Error).message}`,
        },
        { field: 'csv' },
      );
    }
    return records.map((r) => ({
      username: r.username || null,
      localPart: r.local_part || r.address || null,
      displayName: r.display_name || null,
      quotaMb: r.quota_mb ? Number(r.quota_mb) : null,
      deliverTo: r.deliver_to || r.personal_email || null,
    }));
  }

  async provision(
    ctx: RequestContext,
    input: ProvisionInput,
    onProgress?: ProgressCallback,
  ): Promise<ProvisionReport> {
    const domain = await domains.getForManage(ctx, input.domainId);
    if (!domain.active)
      throw new BadInputError(
        { vi: `Tên miền ${domain.name} không hoạt động`, en: `The domain ${domain.name} is not active` },
        { field: 'domainId' },
      );
    const sources = [input.wholeAgency ? 1 : 0, input.rows ? 1 : 0, input.csv ? 1 : 0].reduce(
      (a, b) => a + b,
      0,
    );
    if (sources !== 1)
      throw new BadInputError(
        {
          vi: 'Chỉ gửi một trong wholeAgency, rows hoặc csv',
          en: 'Give exactly one of wholeAgency, rows or csv',
        },
        { field: 'rows' },
      );

    return ctx.transactional(async () => {
      await addressRegistry.lockDomain(ctx, domain.id);
      const rows = input.wholeAgency
        ? await this.agencyRows(ctx, domain)
        : input.csv
          ? this.parseCsv(input.csv)
          : input.rows!;
      if (rows.length > MAX_PROVISION_ROWS)
        throw new BadInputError(
          {
            vi: `Tối đa ${MAX_PROVISION_ROWS} dòng mỗi lần`,
            en: `At most ${MAX_PROVISION_ROWS} rows at once`,
          },
          { field: 'rows' },
        );
      const planned = await this.plan(ctx, domain, rows, onProgress);
      const results = planned.results;
      if (!input.dryRun) await this.write(ctx, domain, planned.items, onProgress);
      else for (const item of planned.items) item.result.status = ProvisionStatus.PLANNED;
      const count = (status: ProvisionStatus) => results.filter((r) => r.status === status).length;
      const report: ProvisionReport = {
        domain: domain.name,
        dryRun: !!input.dryRun,
        total: results.length,
        created: count(ProvisionStatus.CREATED) + count(ProvisionStatus.PLANNED),
        skipped: count(ProvisionStatus.SKIPPED),
        failed: count(ProvisionStatus.FAILED),
        rows: results,
      };
      if (!input.dryRun) {
        ctx.audit({
          action: 'email-accounts.mailbox.bulk-provision',
          entityType: 'MailDomain',
          entityId: domain.id,
          unitId: domain.unitId,
          agencyId: domain.agencyId,
          after: {
            source: input.wholeAgency ? 'agency' : input.csv ? 'csv' : 'rows',
            total: report.total,
            created: report.created,
            skipped: report.skipped,
            failed: report.failed,
          },
        });
      }
      return report;
    });
  }

  /** Officials of the agency, seniority first (joined earlier gets the plain address on a collision). */
  private async agencyRows(ctx: RequestContext, domain: MailDomain): Promise<ProvisionRowInput[]> {
    const rows = await ctx.em.execute<Array<{ id: string }>>(
      `select o.id from staff_official_v o
        where o.status = 'ACTIVE' and exists (select 1 from staff_current_posting_v a where a.official_id = o.id and a.agency_id = ?)
        order by o.joined_on nulls last, o.created_at, o.id`,
      [domain.agencyId],
    );
    return rows.map((r) => ({ officialId: r.id }));
  }

  private async plan(
    ctx: RequestContext,
    domain: MailDomain,
    rows: ProvisionRowInput[],
    onProgress?: ProgressCallback,
  ) {
    const taken = await addressRegistry.takenLocalParts(ctx, domain.id, domain.name);
    let live = await domains.liveMailboxCount(ctx, domain.id);
    const usernames = [
      ...new Set(rows.map((r) => r.username?.trim().toLowerCase()).filter((u): u is string => !!u)),
    ];
    const ids = [...new Set(rows.map((r) => r.officialId).filter((id): id is string => !!id))];
    const idsOfUsernames = usernames.length
      ? (
          await ctx.em.execute<Array<{ id: string }>>(
            `select id from staff_official_v where username = any(?::text[])`,
            [pgArray(usernames)],
          )
        ).map((r) => r.id)
      : [];
    const found = [...(await directory.officials(ctx, [...ids, ...idsOfUsernames])).values()];
    const byUsername = new Map(found.map((o) => [o.username, o]));
    const byId = new Map(found.map((o) => [o.id, o]));
    const posted = new Set(
      (
        await ctx.em.execute<Array<{ official_id: string }>>(
          `select distinct official_id from staff_current_posting_v where agency_id = ? and official_id = any(?::uuid[])`,
          [domain.agencyId, pgArray(found.map((o) => o.id))],
        )
      ).map((r) => r.official_id),
    );
    const existing = new Map(
      (
        await ctx.em.execute<Array<{ official_id: string | null; address: string; kind: MailboxKind }>>(
          `select official_id, address, kind from email_accounts_mailbox where domain_id = ? and state <> 'DELETED'`,
          [domain.id],
        )
      ).map((r) => [r.official_id ?? `shared:${r.address}`, r.address]),
    );

    const results: ProvisionRowResult[] = [];
    const items: Planned[] = [];
    const seen = new Set<string>();
    rows.forEach((row, index) => {
      const result: ProvisionRowResult = {
        row: index + 1,
        officialId: null,
        username: row.username?.trim().toLowerCase() || null,
        address: null,
        status: ProvisionStatus.FAILED,
        message: null,
        credentialsQueued: false,
      };
      results.push(result);
      try {
        const personal = !!(row.username || row.officialId);
        const quotaMb = mailboxes.checkQuota(
          domain,
          row.quotaMb == null || Number.isNaN(row.quotaMb) ? null : row.quotaMb,
        );
        if (personal) {
          const official = row.officialId ? byId.get(row.officialId) : byUsername.get(result.username!);
          // Unknown and posted elsewhere read the same: a row tells nothing about other agencies' staff.
          if (!official || !posted.has(official.id)) {
            throw new BadInputError({
              vi: `Không có cán bộ "${row.officialId ?? result.username}" công tác tại cơ quan của ${domain.name}`,
              en: `No official "${row.officialId ?? result.username}" is posted in the agency of ${domain.name}`,
            });
          }
          result.officialId = official.id;
          result.username = official.username;
          const already = existing.get(official.id);
          if (already)
            return void Object.assign(result, {
              status: ProvisionStatus.SKIPPED,
              address: already,
              message: 'has a mailbox already',
            });
          if (seen.has(official.id))
            return void Object.assign(result, { status: ProvisionStatus.SKIPPED, message: 'listed twice' });
          if (official.status === OfficialStatus.LEFT)
            throw new BadInputError({
              vi: `${official.fullName} đã nghỉ việc`,
              en: `${official.fullName} has left`,
            });
          if (live >= domain.maxMailboxes)
            throw new DomainError(EmailAccountsErrorCodes.MAIL_DOMAIN_FULL, {
              vi: `Tên miền đã đủ số hộp thư tối đa (${domain.maxMailboxes})`,
              en: `The domain holds its maximum of ${domain.maxMailboxes} mailboxes`,
            });
          const explicit = row.localPart ? checkLocalPart(row.localPart) : null;
          if (explicit && taken.has(explicit))
            throw new BadInputError({
              vi: `${explicit}@${domain.name} đã được dùng`,
              en: `${explicit}@${domain.name} is already in use`,
            });
          const local =
            explicit ?? firstFree(localPartFor(official.fullName, domain.addressRule), (l) => taken.has(l));
          const recipient = row.deliverTo
            ? checkExternalAddress(row.deliverTo, 'deliverTo')
            : official.personalEmail;
          seen.add(official.id);
          taken.add(local);
          live++;
          result.address = `${local}@${domain.name}`;
          result.status = ProvisionStatus.CREATED;
          result.credentialsQueued = !!recipient;
          if (!recipient) result.message = 'no personal email: the password waits for a reset with deliverTo';
          items.push({
            result,
            kind: MailboxKind.PERSONAL,
            official,
            address: result.address,
            displayName: row.displayName?.trim() || official.fullName,
            quotaMb,
            recipient,
          });
        } else {
          if (!row.localPart)
            throw new BadInputError({
              vi: 'Mỗi dòng cần username (hộp thư cá nhân) hoặc local_part (hộp thư dùng chung)',
              en: 'A row needs a username (personal mailbox) or a local_part (shared mailbox)',
            });
          const local = checkLocalPart(row.localPart);
          result.address = `${local}@${domain.name}`;
          if (existing.get(`shared:${result.address}`))
            return void Object.assign(result, { status: ProvisionStatus.SKIPPED, message: 'exists already' });
          if (taken.has(local))
            throw new BadInputError({
              vi: `${result.address} đã được dùng`,
              en: `${result.address} is already in use`,
            });
          if (!row.displayName?.trim())
            throw new BadInputError({
              vi: 'Hộp thư dùng chung cần display_name',
              en: 'A shared mailbox needs a display_name',
            });
          if (live >= domain.maxMailboxes)
            throw new DomainError(EmailAccountsErrorCodes.MAIL_DOMAIN_FULL, {
              vi: `Tên miền đã đủ số hộp thư tối đa (${domain.maxMailboxes})`,
              en: `The domain holds its maximum of ${domain.maxMailboxes} mailboxes`,
            });
          taken.add(local);
          live++;
          result.status = ProvisionStatus.CREATED;
          items.push({
            result,
            kind: MailboxKind.SHARED,
            official: null,
            address: result.address,
            displayName: row.displayName.trim(),
            quotaMb,
            recipient: null,
          });
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        result.status = ProvisionStatus.FAILED;
        result.message = error.message;
      } finally {
        onProgress?.('plan', index + 1, rows.length);
      }
    });
    return { results, items };
  }

  private async write(
    ctx: RequestContext,
    domain: MailDomain,
    items: Planned[],
    onProgress?: ProgressCallback,
  ): Promise<void> {
    let done = 0;
    onProgress?.('write', 0, items.length);
    for (let start = 0; start < items.length; start += CHUNK) {
      const chunk = items.slice(start, start + CHUNK);
      await addressRegistry.insert(
        ctx,
        chunk.map((item) => ({ address: item.address, kind: 'MAILBOX' as const, domainId: domain.id })),
      );
      const deliveries: CredentialDelivery[] = [];
      for (const item of chunk) {
        const mailbox = ctx.em.create(Mailbox, {
          domain,
          unitId: domain.unitId,
          address: item.address,
          kind: item.kind,
          officialId: item.official?.id ?? null,
          displayName: item.displayName,
          quotaMb: item.quotaMb,
          state: item.kind === MailboxKind.SHARED ? MailboxState.ACTIVE : MailboxState.REQUESTED,
          mustChangePassword: item.kind === MailboxKind.PERSONAL,
        });
        if (item.recipient) {
          deliveries.push(
            ctx.em.create(CredentialDelivery, {
              mailbox,
              kind: DeliveryKind.INITIAL,
              recipient: item.recipient,
              requestedBy: ctx.user?.username ?? 'system',
            }),
          );
        }
        ctx.audit({
          action: 'email-accounts.mailbox.create',
          entityType: 'Mailbox',
          entityId: mailbox.id,
          unitId: domain.unitId,
          agencyId: domain.agencyId,
          after: {
            address: item.address,
            kind: item.kind,
            officialId: item.official?.id ?? null,
            quotaMb: item.quotaMb,
            deliverTo: item.recipient,
            bulk: true,
          },
        });
      }
      await ctx.em.flush();
      for (const delivery of deliveries) {
        await ctx.enqueue(
          DELIVER_CREDENTIALS_JOB,
          { deliveryId: delivery.id },
          { jobKey: `email-accounts-credentials-${delivery.mailbox.id}` },
        );
      }
      // The owners' work email follows their (new) primary mailbox.
      await followPrimaryMailboxes(
        ctx,
        chunk.flatMap((item) =>
          item.kind === MailboxKind.PERSONAL && item.official ? [item.official.id] : [],
        ),
      );
      done += chunk.length;
      onProgress?.('write', done, items.length);
    }
    // Automatic lists of the agency pick the new mailboxes up.
    const listIds = await ctx.em.execute<Array<{ id: string }>>(
      `select id from email_accounts_alias where source <> 'MANUAL' and (source_agency_id = ?
          or source_department_id in (select id from staff_department_v where agency_id = ?))`,
      [domain.agencyId, domain.agencyId],
    );
    for (const list of listIds) await lists.syncList(ctx, list.id);
  }
}

export const provisioning = new ProvisioningService();
