import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { AppServices } from './app-services';
import type { AuthUser } from './auth/user';
import type { ScopeFilter, ScopeOwner, UnitScope } from './auth/scope';
import type { Logger } from './logging';
import type { EnqueueOptions } from './jobs/job-queue';
import type { EventType } from './events/event';
import type { MailMessage } from './mail/mailer';
import type { AuditRecordInput } from './audit/audit.service';
import type { LiveTopic } from './live/live';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { inTransactionScope } from './db/outside-calls';

/**
 * Everything a service needs for one unit of work: a GraphQL request, a job or a seed.
 * Services take it as their first argument; nothing reaches for a global EntityManager.
 */
export class RequestContext {
  readonly requestId: string;
  private childLogger?: Logger;
  private scopePromise?: Promise<UnitScope>;
  // One loader per key, of the key's own types (the caller's `loader<K, V>` names them).
  private readonly loaders = new Map<string, unknown>();
  private readonly afterCommitCallbacks: Array<() => void | Promise<void>> = [];

  constructor(
    readonly app: AppServices,
    /**
     * This unit of work's own EntityManager fork, or how to make it on first use (a request that
     * never touches the unit of work, such as the citizen lookup, makes none).
     */
    private emOrFork: EntityManager | (() => EntityManager),
    readonly user: AuthUser | null,
    options: { requestId?: string; isSystem?: boolean; ip?: string } = {},
  ) {
    this.requestId = options.requestId ?? randomUUID();
    this.isSystem = options.isSystem ?? false;
    this.ip = options.ip ?? null;
  }

  /**
   * The logger of this unit of work (request id, user). Made on first use: most requests log
   * nothing, and a pino child (with its redaction) cost more than the rest of the context.
   */
  get logger(): Logger {
    this.childLogger ??= this.app.logger.child({
      requestId: this.requestId,
      user: this.user?.username ?? (this.isSystem ? 'system' : undefined),
    });
    return this.childLogger;
  }

  /** Jobs and seeds act as the platform itself: every permission, every unit. */
  readonly isSystem: boolean;
  readonly ip: string | null;

  /** This unit of work's own EntityManager fork (inside a transaction during a mutation). */
  get em(): EntityManager {
    if (typeof this.emOrFork === 'function') this.emOrFork = this.emOrFork();
    return this.emOrFork;
  }

  get config() {
    return this.app.config;
  }

  /** True when the user holds the permission (ignoring unit scope). */
  has(permission: string): boolean {
    return this.isSystem || (this.user?.permissions.has(permission) ?? false);
  }

  /** Throws UNAUTHENTICATED without a user, FORBIDDEN without the permission. */
  require(permission: string): void {
    if (this.isSystem) return;
    if (!this.user) throw new UnauthenticatedError();
    if (!this.user.permissions.has(permission))
      throw new ForbiddenError({ vi: `Thiếu quyền ${permission}`, en: `Missing permission ${permission}` });
  }

  /** The user's unit scope, resolved once per request. */
  scope(): Promise<UnitScope> {
    this.scopePromise ??= this.app.scopeResolver.resolve(this);
    return this.scopePromise;
  }

  /**
   * Whether the user may use `permission` on something that belongs to `owner`: a unit id, or the
   * unit and the agency that owns it. Pass the agency whenever there is one: a role held over an
   * agency covers that agency's things, not those of the other agencies of its unit.
   */
  async can(permission: string, owner: string | ScopeOwner | null | undefined): Promise<boolean> {
    if (this.isSystem) return true;
    if (!this.has(permission)) return false;
    const scope = await this.scope();
    if (scope.global) return true;
    const { unitId, agencyId, wholeUnit } =
      typeof owner === 'string' || !owner ? { unitId: owner, agencyId: null, wholeUnit: false } : owner;
    return unitId ? scope.covers(permission, unitId, agencyId, wholeUnit) : false;
  }

  /** Throws FORBIDDEN unless `can(permission, owner)`. */
  async requireIn(permission: string, owner: string | ScopeOwner | null | undefined): Promise<void> {
    this.require(permission);
    if (!(await this.can(permission, owner)))
      throw new ForbiddenError({
        vi: `Nằm ngoài phạm vi quản lý hành chính của bạn (${permission})`,
        en: `Outside your administrative scope (${permission})`,
      });
  }

  /**
   * Unit ids to filter lists by for `permission`: 'all' or a (possibly empty) list. For things an
   * agency owns use `scopeFilter`: this list includes the units of agency grants whole.
   */
  async unitsFor(permission: string): Promise<'all' | string[]> {
    if (this.isSystem) return 'all';
    if (!this.has(permission)) return [];
    const scope = await this.scope();
    return scope.global ? 'all' : scope.unitsFor(permission);
  }

  /** Units wholly covered and agencies covered for `permission`, to filter lists of agency-owned things. */
  async scopeFilter(permission: string): Promise<ScopeFilter> {
    if (this.isSystem) return 'all';
    if (!this.has(permission)) return { unitIds: [], agencyIds: [], agencyUnitIds: [] };
    const scope = await this.scope();
    return scope.global ? 'all' : scope.filterFor(permission);
  }

  /** A DataLoader that lives as long as this request. */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<Array<V | Error>>): DataLoader<K, V> {
    const known = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (known) return known;
    const loader = new DataLoader<K, V>(batch);
    this.loaders.set(key, loader);
    return loader;
  }

  /** Runs `work` in one transaction (joining the current one if any) and flushes before commit. */
  async transactional<T>(work: () => Promise<T>): Promise<T> {
    if (this.em.isInTransaction()) return work();
    // Past the slots, wait before taking a connection (src/db/transaction-slots.ts says why). The
    // slot is given back at commit: what runs after it may open transactions of its own.
    const result = await this.app.transactionSlots.run(() => this.inNewTransaction(work));
    await this.runAfterCommit();
    return result;
  }

  private async inNewTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.em.begin();
    try {
      // Marked, so that a call to an outside system made inside it fails (src/db/outside-calls.ts).
      const result = await inTransactionScope(work);
      await this.em.commit();
      return result;
    } catch (error) {
      await this.em.rollback();
      this.afterCommitCallbacks.length = 0;
      throw error;
    }
  }

  /** Runs after the current transaction commits (immediately when there is none). */
  afterCommit(callback: () => void | Promise<void>): void {
    if (!this.em.isInTransaction()) {
      void Promise.resolve()
        .then(callback)
        .catch((error) => this.logger.error({ err: error }, 'after-commit callback failed'));
      return;
    }
    this.afterCommitCallbacks.push(callback);
  }

  private async runAfterCommit(): Promise<void> {
    const callbacks = this.afterCommitCallbacks.splice(0);
    for (const callback of callbacks) {
      try {
        await callback();
      } catch (error) {
        this.logger.error({ err: error }, 'after-commit callback failed');
      }
    }
  }

  /** Enqueues a job in the current transaction: it exists if and only if the change commits. */
  enqueue(jobName: string, payload: object, options?: EnqueueOptions): Promise<void> {
    return this.app.jobs.enqueue(this.em, jobName, payload, options);
  }

  /** Publishes an event: one durable job per subscriber, in the current transaction. */
  publish<P extends object>(event: EventType<P>, payload: P): Promise<void> {
    return this.app.events.publish(this, event, payload);
  }

  /**
   * Sends a live event to GraphQL subscribers in every API process once the current transaction
   * commits (at once when there is none); nothing is sent when it rolls back. Delivery is at most
   * once: subscribers re-read what they show after a reconnect.
   */
  publishLive<P extends object>(topic: LiveTopic<P>, payload: P): void {
    this.afterCommit(() => this.app.live.publish(topic, payload));
  }

  /** Sends an email through the job queue (never directly from a request). */
  sendMail(message: MailMessage, options?: EnqueueOptions): Promise<void> {
    return this.enqueue('core.send-mail', message, options);
  }

  /** Appends to the audit trail in the current transaction. */
  audit(entry: AuditRecordInput): void {
    this.app.audit.record(this, entry);
  }
}
