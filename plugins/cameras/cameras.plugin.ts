import { DevicesDashboardResolver } from './graphql/dashboard.resolver';
import { definePlugin } from '../../src';
import { Device } from './entities/device.entity';
import { DevicePlacement } from './entities/placement.entity';
import { MaintenanceRecord } from './entities/maintenance.entity';
import { DeviceHealth, HealthTransition } from './entities/health.entity';
import { DevicePlacementResolver, DevicesResolver } from './graphql/devices.resolver';
import { CoverageResolver, DeskEquipmentResolver } from './graphql/coverage.resolver';
import { camerasMigrations } from './migrations';
import { camerasPermissions, camerasRoles } from './permissions';
import { readCamerasOptions, type CamerasOptions } from './options';
import { probeJob } from './jobs/probe.job';
import { reencryptCredentialsJob } from './jobs/reencrypt-credentials.job';
import { rehomeSubscriber } from './jobs/rehome.subscriber';
import { camerasDemoSeeds } from './seeds';

export const camerasPlugin = definePlugin<CamerasOptions>({
  id: 'cameras',
  description:
    'Devices and cameras at one-stop desks: inventory, QR labels, encrypted camera credentials, viewing grants, health probes, coverage',
  dependsOn: ['staff'],
  options: readCamerasOptions,
  entities: () => [Device, DevicePlacement, MaintenanceRecord, DeviceHealth, HealthTransition],
  resolvers: () => [
    DevicesResolver,
    DevicePlacementResolver,
    CoverageResolver,
    DeskEquipmentResolver,
    DevicesDashboardResolver,
  ],
  migrations: () => camerasMigrations,
  permissions: camerasPermissions,
  roles: camerasRoles,
  jobs: [probeJob, reencryptCredentialsJob],
  subscribers: [rehomeSubscriber],
  seeds: camerasDemoSeeds,
  register(ctx) {
    // The schedule is configuration (CAMERAS_PROBE_SCHEDULE); jobs are registered after register().
    probeJob.schedule = ctx.options.probe.schedule ?? undefined;
  },
  onBootstrap(ctx) {
    if (ctx.options.derivedKeys.length) {
      ctx.logger.warn(
        { keys: ctx.options.derivedKeys },
        'camera keys derived from the data folder: for development only; set them in production',
      );
    }
  },
});
