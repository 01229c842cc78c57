import { defineEvent, defineLiveTopic } from '../../src';

/** Ticket events: ids and the number only; subscribers read the rest. */
export interface QueueTicketEvent {
  ticketId: string;
  centreId: string;
  agencyId: string;
  unitId: string;
  serviceId: string;
  number: string;
  /** The counter (desk) that called it; null when not called. */
  deskId: string | null;
}

/** A kiosk issued a ticket. */
export const QueueTicketIssued = defineEvent<QueueTicketEvent>('queue.ticket.issued');
/** A ticket was called (or called again: `recall`) to a counter: what the centre's board shows. */
export const QueueTicketCalled = defineEvent<QueueTicketEvent & { recall: boolean }>('queue.ticket.called');
/** A ticket was served or skipped. */
export const QueueTicketFinished = defineEvent<QueueTicketEvent & { status: 'SERVED' | 'SKIPPED' }>(
  'queue.ticket.finished',
);
/** A ticket was sent to another counter. */
export const QueueTicketTransferred = defineEvent<QueueTicketEvent & { fromDeskId: string | null }>(
  'queue.ticket.transferred',
);
/** A ticket was linked to the dossier it produced. */
export const QueueTicketLinked = defineEvent<QueueTicketEvent & { dossierId: string }>('queue.ticket.linked');

/**
 * The live side of `queue.ticket.called` for boards (bảng gọi số): sent to every API process after
 * the call commits, with the same ids and the instant of the call.
 */
export const QueueTicketCalledLive = defineLiveTopic<QueueTicketEvent & { recall: boolean; at: string }>(
  'queue.ticket.called',
);
