import { definePlugin, publicEvent } from '../../src';
import {
  QueueTicketCalled,
  QueueTicketFinished,
  QueueTicketIssued,
  QueueTicketLinked,
  QueueTicketTransferred,
  type QueueTicketEvent,
} from './events';
import { QueueService } from './entities/queue-service.entity';
import { QueueKiosk } from './entities/kiosk.entity';
import { QueueTicket } from './entities/ticket.entity';
import { QueueCentreResolver, QueueSetupResolver, QueueTicketResolver } from './graphql/queue.resolver';
import { QueueLiveResolver } from './graphql/queue-live.resolver';
import { QueueDashboardResolver } from './graphql/queue-dashboard.resolver';
import { queueMigrations } from './migrations';
import { queuePermissions, queueRoles } from './permissions';
import { readQueueOptions, type QueueOptions } from './options';
import { queueDemoSeeds } from './seeds';

/** Ticket events are about the centre's agency and its unit. */
function ofCentre(e: QueueTicketEvent) {
  return { unitIds: [e.unitId], agencyIds: [e.agencyId] };
}

export const queuePlugin = definePlugin<QueueOptions>({
  id: 'queue',
  description:
    'Queue numbers at one-stop centres: services and counters, kiosks, calling, transfers, links to dossiers, statistics',
  dependsOn: ['staff', 'cameras', 'procedures'],
  options: readQueueOptions,
  entities: () => [QueueService, QueueKiosk, QueueTicket],
  resolvers: () => [
    QueueCentreResolver,
    QueueTicketResolver,
    QueueSetupResolver,
    QueueLiveResolver,
    QueueDashboardResolver,
  ],
  migrations: () => queueMigrations,
  permissions: queuePermissions,
  roles: queueRoles,
  seeds: queueDemoSeeds,
  publicEvents: [
    publicEvent(QueueTicketIssued, 'A kiosk issued a ticket', ofCentre),
    publicEvent(QueueTicketCalled, 'A ticket was called (or recalled) to a counter', ofCentre),
    publicEvent(QueueTicketFinished, 'A ticket was served or skipped', ofCentre),
    publicEvent(QueueTicketTransferred, 'A ticket was sent to another counter', ofCentre),
    publicEvent(QueueTicketLinked, 'A ticket was linked to the dossier it produced', ofCentre),
  ],
});
