import { registerEnumType } from 'type-graphql';

/** Where a ticket stands: waiting, called to a counter, served, or skipped (the citizen did not come). */
export enum QueueTicketStatus {
  WAITING = 'WAITING',
  CALLED = 'CALLED',
  SERVED = 'SERVED',
  SKIPPED = 'SKIPPED',
}

registerEnumType(QueueTicketStatus, {
  name: 'QueueTicketStatus',
  description: 'Trạng thái số thứ tự: waiting, called to a counter, served, skipped (no-show)',
});
