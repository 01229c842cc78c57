import { defineListOrder, OrderDirection } from '../graphql/pagination';
import type { AuditEntry } from './audit-entry.entity';

/** Orders of the audit trail (`orderBy`): newest first by default. */
export const AuditOrder = defineListOrder<AuditEntry, 'AT'>(
  'AuditOrder',
  { AT: ['at'] },
  { field: 'AT', direction: OrderDirection.DESC },
  'Order of the audit trail',
);
