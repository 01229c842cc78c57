import { Entity, PrimaryKey, Property, OptionalProps } from '@mikro-orm/core';

/**
 * Provisioning state of one official's Keycloak account: when it was last brought in line, whether
 * the set-password email went out, and the last error (a permanent one stops the job's retries and
 * shows in the drift report until a later sync succeeds).
 */
@Entity({ tableName: 'staff_keycloak_account' })
export class KeycloakAccount {
  [OptionalProps]?: 'setPasswordPending' | 'errorPermanent' | 'notConfigured' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  officialId!: string;

  @Property({ type: 'timestamptz', nullable: true })
  lastSyncedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  setPasswordSentAt: Date | null = null;

  /** The set-password email is owed but could not go yet (no email address, or the account is disabled). */
  @Property({ type: 'boolean' })
  setPasswordPending: boolean = false;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null = null;

  /** The last error will not go away by retrying (a 4xx answer): the job stopped. */
  @Property({ type: 'boolean' })
  errorPermanent: boolean = false;

  /** The last sync found provisioning not configured (no Keycloak URL or provisioner secret). */
  @Property({ type: 'boolean' })
  notConfigured: boolean = false;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
