import { definePlugin } from './plugin/plugin';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditEntryResolver, AuditResolver } from './audit/audit.resolver';
import { AUDIT_READ } from './audit/audit.service';
import { JobsResolver, JOBS_MANAGE } from './jobs/jobs.resolver';
import { coreMigrations } from './db/migrations';
import { sendMailJob } from './mail/send-mail.job';
import { PlatformResolver } from './platform.resolver';
import { StandardRoles } from './auth/standard-roles';
import { StoredFile } from './files/stored-file.entity';
import { StoredFileResolver } from './files/files.resolver';
import { sweepOrphanFilesJob } from './files/sweep-orphan-files.job';
import { DASHBOARD_VIEW, DashboardResolver } from './dashboard/dashboard';

/** The core's own contributions, registered like a plugin and always first. */
export const corePlugin = definePlugin({
  id: 'core',
  description: 'Platform core: audit trail, job queue, mail, file store, the dashboard extension point',
  entities: () => [AuditEntry, StoredFile],
  resolvers: () => [
    PlatformResolver,
    AuditResolver,
    AuditEntryResolver,
    JobsResolver,
    StoredFileResolver,
    DashboardResolver,
  ],
  migrations: () => coreMigrations,
  permissions: [
    { name: AUDIT_READ, description: "Read the audit trail within one's scope" },
    { name: JOBS_MANAGE, description: 'See background jobs and re-run failed ones' },
    {
      name: DASHBOARD_VIEW,
      description: 'See the dashboard of a unit wholly in scope (blocks need their own read permission)',
    },
  ],
  roles: {
    [StandardRoles.auditor]: [AUDIT_READ],
    [StandardRoles.itAdmin]: [JOBS_MANAGE],
    [StandardRoles.leader]: [DASHBOARD_VIEW],
  },
  jobs: [sendMailJob, sweepOrphanFilesJob],
});
