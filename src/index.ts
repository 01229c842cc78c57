/**
 * The core's public face: the only module plugins import from the core.
 */
export { definePlugin } from './plugin/plugin';
export type {
  PluginDefinition,
  PluginRegisterContext,
  PluginRuntimeContext,
  PermissionDefinition,
  MigrationClass,
  FileReference,
} from './plugin/plugin';
export type { AppConfig } from './config/config';
export { EnvReader, ConfigError } from './config/env-reader';
export type { AppServices } from './app-services';
export { optionsOf } from './app-services';
export { RequestContext } from './context';
export type { Logger } from './logging';
export { BaseEntity, VersionedEntity } from './db/base.entity';
export type { SeedDefinition } from './db/seeds';
export { defineJob } from './jobs/job';
export type { JobDefinition, JobRunInfo } from './jobs/job';
export type { EnqueueOptions, JobScope, JobRecord } from './jobs/job-queue';
export { defineEvent, publicEvent, subscribe } from './events/event';
export { Dashboard, dashboardBlockVisible, DASHBOARD_VIEW } from './dashboard/dashboard';
export type { EventObserver, EventType, EventSubscriber, PublicEvent } from './events/event';
export type { MailMessage } from './mail/mailer';
export type { Notifications, NotificationHandler, NotificationMeta } from './notify/notifications';
export { defineLiveTopic, liveSubscription, LiveEvents } from './live/live';
export type { LiveTopic, LiveFilter } from './live/live';
export type { AuditRecordInput, AuditMask } from './audit/audit.service';
export {
  DomainError,
  BadInputError,
  NotFoundError,
  ForbiddenError,
  UnauthenticatedError,
  ConflictError,
  TooManyRequestsError,
} from './errors';
export { getOrThrow, isUuid, requireId, UUID_PATTERN } from './db/get-or-throw';
export { currentLanguage, inLanguage, languageFromHeader, textOf } from './i18n';
export type { Language, LocalizedText } from './i18n';
export { DateScalar } from './graphql/scalars';
export { Me } from './platform.resolver';
export { DeletePayload, deleted } from './graphql/delete-payload';
export { nullIfNotFound } from './graphql/single-item';
export {
  ConnectionType,
  PageInfo,
  pageSize,
  KeysetPageArgs,
  paginateKeyset,
  paginateKeysetSql,
  defineListOrder,
  defineSqlListOrder,
  OrderDirection,
} from './graphql/pagination';
export type {
  ConnectionShape,
  Edge,
  ListOrder,
  OrderInput,
  SqlListOrder,
  SqlOrder,
  SqlSortExpression,
} from './graphql/pagination';
export type { UnitScope, ScopeResolver, ScopeOwner, ScopeFilter, ScopeGrant, Place } from './auth/scope';
export { GrantedUnitScope, GLOBAL_SCOPE, EMPTY_SCOPE, filterCovers, scopeFilterSql } from './auth/scope';
export type { AuthUser } from './auth/user';
export { StandardRoles } from './auth/standard-roles';
export type { StandardRole } from './auth/standard-roles';
export { RoleMap } from './auth/role-map';
export { parseArgs } from './cli/args';
export { pgArray, escapeLike, preparedRows } from './db/sql';
export { entityColumns, readEntities, readEntitiesWhere, readJoined, relationId } from './db/read-entities';
export { findManaged } from './db/managed-rows';
export { assertOutsideTransaction, OutsideCallInTransactionError } from './db/outside-calls';
export { LruCache, cachedAsync } from './cache/lru-cache';
export type { FieldCostExtension } from './graphql/cost';
export {
  takeRateLimit,
  rateLimitRetryAfter,
  enforceRateLimit,
  checkRateLimits,
  checkRateLimitsAndRead,
} from './rate-limit/rate-limiter';
export { StoredFile } from './files/stored-file.entity';
export { FileService, cleanFileName } from './files/files.service';
export type { NewFile } from './files/files.service';
export type { ObjectStore, StoredObject } from './files/object-store';
export { LocalObjectStore, sha256Hex } from './files/object-store';
export { S3ObjectStore } from './files/s3-object-store';
export { detectFileType, FILE_TYPES } from './files/file-types';
export type { FileMimeType } from './files/file-types';
export type { RateLimit, RateLimitCheck, RateLimitState } from './rate-limit/rate-limiter';
export { withScriptApp } from './cli/script-app';
export type { App } from './app';
export {
  VIETNAM_TIME_ZONE,
  VIETNAM_UTC_OFFSET_MS,
  MINUTE_MS,
  HOUR_MS,
  DAY_MS,
  LocalTimeError,
  now,
  localToday,
  localDateOf,
  addLocalDays,
  startOfLocalDay,
  endOfLocalDay,
  localInstantAt,
  localParts,
  isLocalDate,
  dateOfScalar,
  dayNumberOf,
  dayNumberOfDate,
  dateOfDayNumber,
  startOfDayMs,
  isoWeekdayOf,
  isoWeekdayOfDate,
  formatLocalDateTime,
  formatLocalDate,
  formatLocalIso,
} from './time/local-time';
export type { LocalDate, LocalParts } from './time/local-time';
