import { defineListOrder, OrderDirection } from '../../src';
import type { MailAlias } from './entities/mail-alias.entity';
import type { MailDomain } from './entities/mail-domain.entity';
import type { Mailbox } from './entities/mailbox.entity';

// The orders the email-accounts plugin's lists offer (`orderBy: { field, direction }`); the id breaks ties.

export const MailDomainOrder = defineListOrder<MailDomain, 'NAME'>(
  'MailDomainOrder',
  { NAME: ['name'] },
  { field: 'NAME', direction: OrderDirection.ASC },
  'Order of the mail domains list',
);

export const MailboxOrder = defineListOrder<Mailbox, 'ADDRESS' | 'CREATED_AT'>(
  'MailboxOrder',
  { ADDRESS: ['address'], CREATED_AT: ['createdAt'] },
  { field: 'ADDRESS', direction: OrderDirection.ASC },
  'Order of the mailboxes list',
);

export const MailAliasOrder = defineListOrder<MailAlias, 'ADDRESS'>(
  'MailAliasOrder',
  { ADDRESS: ['address'] },
  { field: 'ADDRESS', direction: OrderDirection.ASC },
  'Order of the aliases and lists',
);
