import { registerEnumType } from 'type-graphql';

/** How a personal address is built from the official's name (Nguyễn Văn Hùng). */
export enum AddressRule {
  /** Given name + initials of the family and middle names: hungnv. */
  GIVEN_INITIALS = 'GIVEN_INITIALS',
  /** Every part of the name: nguyenvanhung. */
  FULL = 'FULL',
  /** Given name, a dot, the family name: hung.nguyen. */
  GIVEN_DOT_FAMILY = 'GIVEN_DOT_FAMILY',
}
registerEnumType(AddressRule, {
  name: 'MailAddressRule',
  description: 'How addresses are built from Vietnamese names',
});

export enum MailboxKind {
  /** Owned by one official. */
  PERSONAL = 'PERSONAL',
  /** A unit's mailbox (văn thư, một cửa …), used by its delegates. */
  SHARED = 'SHARED',
}
registerEnumType(MailboxKind, { name: 'MailboxKind' });

export enum MailboxState {
  /** Created; no password delivered yet, cannot sign in, does not receive mail. */
  REQUESTED = 'REQUESTED',
  ACTIVE = 'ACTIVE',
  /** Cannot sign in; still receives mail (unless forwarded). */
  SUSPENDED = 'SUSPENDED',
  /** Waiting for its purge after the domain's retention period; receives nothing. */
  DELETED = 'DELETED',
}
registerEnumType(MailboxState, { name: 'MailboxState' });

export enum Suspension {
  ADMIN = 'ADMIN',
  OFFICIAL_SUSPENDED = 'OFFICIAL_SUSPENDED',
  OFFICIAL_LEFT = 'OFFICIAL_LEFT',
}
registerEnumType(Suspension, { name: 'MailboxSuspension', description: 'Why a mailbox is suspended' });

export enum AliasKind {
  /** Another address for a mailbox (or an outside address). */
  ALIAS = 'ALIAS',
  /** A distribution list: several targets. */
  LIST = 'LIST',
}
registerEnumType(AliasKind, { name: 'MailAliasKind' });

export enum ListSource {
  /** Targets are managed by hand. */
  MANUAL = 'MANUAL',
  /** Everyone posted in the agency, kept up to date from the staff register. */
  AGENCY = 'AGENCY',
  /** Everyone posted in the department, kept up to date from the staff register. */
  DEPARTMENT = 'DEPARTMENT',
}
registerEnumType(ListSource, { name: 'MailListSource' });

export enum DeliveryKind {
  INITIAL = 'INITIAL',
  RESET = 'RESET',
}
registerEnumType(DeliveryKind, { name: 'MailCredentialDeliveryKind' });

export enum DeliveryState {
  PENDING = 'PENDING',
  SENT = 'SENT',
  CANCELLED = 'CANCELLED',
}
registerEnumType(DeliveryState, { name: 'MailCredentialDeliveryState' });
