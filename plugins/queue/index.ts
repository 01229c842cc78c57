/** The queue plugin's public face: what other plugins (a dashboard, reports) may use. */
export { queuePlugin as plugin, queuePlugin } from './queue.plugin';
export { QueueService } from './entities/queue-service.entity';
export { QueueKiosk } from './entities/kiosk.entity';
export { QueueTicket } from './entities/ticket.entity';
export { QueueTicketStatus } from './entities/enums';
export { QueuePermissions } from './permissions';
export { QueueErrorCodes } from './errors';
export type { QueueOptions } from './options';
export { queue } from './services/queue.service';
export * from './events';
export { estimateWaitSeconds, formatTicketNumber, isQueueOpen, numberingDay } from './domain/rules';
