import { definePlugin } from '../../src';
import { QueueService } from './entities/queue-service.entity';
import { QueueKiosk } from './entities/kiosk.entity';
import { QueueTicket } from './entities/ticket.entity';
import { QueueCentreResolver, QueueSetupResolver, QueueTicketResolver } from './graphql/queue.resolver';
import { QueueLiveResolver } from './graphql/queue-live.resolver';
import { queueMigrations } from './migrations';
import { queuePermissions, queueRoles } from './permissions';
import { readQueueOptions, type QueueOptions } from './options';
import { queueDemoSeeds } from './seeds';

export const queuePlugin = definePlugin<QueueOptions>({
  id: 'queue',
  description:
    'Queue numbers at one-stop centres: services and counters, kiosks, calling, transfers, links to dossiers, statistics',
  dependsOn: ['staff', 'cameras', 'procedures'],
  options: readQueueOptions,
  entities: () => [QueueService, QueueKiosk, QueueTicket],
  resolvers: () => [QueueCentreResolver, QueueTicketResolver, QueueSetupResolver, QueueLiveResolver],
  migrations: () => queueMigrations,
  permissions: queuePermissions,
  roles: queueRoles,
  seeds: queueDemoSeeds,
});
