import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Root,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import type { RequestContext } from '../../../src';
import { StaffPermissions } from '../permissions';
import { keycloakReconciliation, type VisibleDriftReport } from '../keycloak/reconcile-service';
import { accountStatus, canSeeAccount } from '../keycloak/account-status';
import { Official } from '../entities/official.entity';

export enum AccountState {
  NOT_CONFIGURED = 'NOT_CONFIGURED',
  PENDING = 'PENDING',
  SYNCED = 'SYNCED',
  FAILED = 'FAILED',
}
registerEnumType(AccountState, {
  name: 'AccountState',
  description: "State of an official's Keycloak account, derived from the provisioning jobs",
  valuesConfig: {
    NOT_CONFIGURED: { description: 'Keycloak provisioning is not configured: no account is created' },
    PENDING: { description: 'A sync is waiting, or being retried after an error (see nextRetryAt)' },
    SYNCED: { description: 'The account is in line with the register' },
    FAILED: { description: 'The sync used up its attempts (retryJobs with jobId) or Keycloak refused it' },
  },
});

@ObjectType({ description: "An official's Keycloak account as provisioning left it" })
class OfficialAccount {
  @Field(() => AccountState) state!: AccountState;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Date, { nullable: true }) lastErrorAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When a failed attempt is tried again' })
  nextRetryAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastSyncedAt!: Date | null;
  @Field(() => Int) attempts!: number;
  @Field(() => ID, { nullable: true, description: 'The sync job waiting or failed (for retryJobs)' })
  jobId!: string | null;
}

@Resolver(() => Official)
export class OfficialAccountResolver {
  @FieldResolver(() => OfficialAccount, {
    nullable: true,
    description:
      'Keycloak account state: for the official themselves and those with staff.keycloak.manage over their postings (else null)',
  })
  async account(@Root() official: Official, @Ctx() ctx: RequestContext) {
    if (!(await canSeeAccount(ctx, official))) return null;
    return accountStatus(ctx, official.id);
  }
}

export enum KeycloakDriftKind {
  MISSING_USER = 'MISSING_USER',
  NOT_LINKED = 'NOT_LINKED',
  OWNED_BY_OTHER = 'OWNED_BY_OTHER',
  SHOULD_BE_DISABLED = 'SHOULD_BE_DISABLED',
  SHOULD_BE_ENABLED = 'SHOULD_BE_ENABLED',
  PROFILE = 'PROFILE',
  GROUPS = 'GROUPS',
  ROLES = 'ROLES',
  ORPHAN_USER = 'ORPHAN_USER',
  SYNC_FAILED = 'SYNC_FAILED',
}
registerEnumType(KeycloakDriftKind, {
  name: 'KeycloakDriftKind',
  description: 'A difference between the staff register and Keycloak',
  valuesConfig: {
    MISSING_USER: { description: 'The official (active or suspended) has no Keycloak user' },
    NOT_LINKED: {
      description: "A user with the official's username exists but the official does not point to it",
    },
    OWNED_BY_OTHER: { description: "The user with the official's username carries another official's id" },
    SHOULD_BE_DISABLED: { description: 'Enabled in Keycloak although the official is suspended or has left' },
    SHOULD_BE_ENABLED: { description: 'Disabled in Keycloak although the official is active' },
    PROFILE: { description: 'Names, email or platform attributes differ (see missing)' },
    GROUPS: { description: 'Agency groups missing or unexpected' },
    ROLES: { description: 'Platform realm roles missing or unexpected' },
    ORPHAN_USER: { description: 'A Keycloak user names an official who is not in the register' },
    SYNC_FAILED: { description: 'The last sync stopped on a permanent error' },
  },
});

export enum KeycloakDriftReportStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(KeycloakDriftReportStatus, { name: 'KeycloakDriftReportStatus' });

@ObjectType({ description: 'One difference found by the Keycloak reconcile' })
class KeycloakDriftItem {
  @Field(() => KeycloakDriftKind) kind!: KeycloakDriftKind;
  @Field(() => ID, { nullable: true }) officialId!: string | null;
  @Field() username!: string;
  @Field(() => String, { nullable: true }) keycloakUserId!: string | null;
  @Field() message!: string;
  @Field(() => [String], {
    description: 'GROUPS/ROLES: what Keycloak lacks; PROFILE: the fields that differ',
  })
  missing!: string[];
  @Field(() => [String], { description: 'GROUPS/ROLES: what Keycloak has too many' }) extra!: string[];
}

@ObjectType('KeycloakDriftReport', {
  description: 'What a reconcile of officials with Keycloak users found (items limited to your scope)',
})
class KeycloakDriftReportView {
  @Field(() => ID) id!: string;
  @Field(() => KeycloakDriftReportStatus) status!: KeycloakDriftReportStatus;
  @Field({ description: 'MANUAL or SCHEDULE' }) trigger!: string;
  @Field() repair!: boolean;
  @Field(() => String, { nullable: true }) requestedBy!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int) officialsChecked!: number;
  @Field(() => Int) usersChecked!: number;
  @Field(() => Int, { description: 'Number of items you can see' }) driftCount!: number;
  @Field(() => Int, { description: 'Sync jobs queued by the repair' }) repairsQueued!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => [KeycloakDriftItem]) items!: KeycloakDriftItem[];
}

@InputType()
class ReconcileKeycloakInput {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Also queue a sync for every drifted official in your scope',
  })
  repair?: boolean;
}

function view({ report, items }: VisibleDriftReport): KeycloakDriftReportView {
  return {
    id: report.id,
    status: report.status as KeycloakDriftReportStatus,
    trigger: report.trigger,
    repair: report.repair,
    requestedBy: report.requestedBy,
    createdAt: report.createdAt,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    officialsChecked: report.officialsChecked,
    usersChecked: report.usersChecked,
    driftCount: items.length,
    repairsQueued: report.repairsQueued,
    error: report.error,
    items: items.map((i) => ({
      kind: i.kind as KeycloakDriftKind,
      officialId: i.officialId,
      username: i.username,
      keycloakUserId: i.keycloakUserId,
      message: i.message,
      missing: i.missing,
      extra: i.extra,
    })),
  };
}

@Resolver()
export class KeycloakResolver {
  @Authorized(StaffPermissions.keycloakManage)
  @Query(() => KeycloakDriftReportView, {
    nullable: true,
    description: 'A Keycloak drift report by id, or the latest one',
  })
  async keycloakDriftReport(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
  ) {
    const found = await keycloakReconciliation.get(ctx, id ?? null);
    return found ? view(found) : null;
  }

  @Authorized(StaffPermissions.keycloakManage)
  @Mutation(() => KeycloakDriftReportView, {
    description:
      'Compares officials with Keycloak users in the background (and repairs, on request); poll keycloakDriftReport(id)',
  })
  async reconcileKeycloak(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReconcileKeycloakInput) input: ReconcileKeycloakInput,
  ) {
    return view(await keycloakReconciliation.request(ctx, input));
  }
}
