import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What the IT admins of one agency (or of its province) may give that agency's mail: set by a
 * platform admin. Without a row, the plugin's defaults (options) apply.
 */
@Entity({ tableName: 'email_accounts_agency_limits' })
export class MailAgencyLimits {
  [OptionalProps]?: 'setBy' | 'updatedAt';

  /** The staff agency's id (a plain id: no relation into another plugin's entities). */
  @PrimaryKey({ type: 'uuid' })
  agencyId!: string;

  @Property({ type: 'int' })
  maxDomains!: number;

  /** Sum of the `maxMailboxes` of the agency's domains. */
  @Property({ type: 'int' })
  maxMailboxes!: number;

  /** Largest `maxQuotaMb` of any of its domains. */
  @Property({ type: 'int' })
  maxQuotaMb!: number;

  @Property({ type: 'text', nullable: true })
  setBy: string | null = null;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
