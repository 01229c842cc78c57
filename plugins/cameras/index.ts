/** The cameras plugin's public face: what other plugins (a stream gateway, reports) may use. */
export { camerasPlugin as plugin, camerasPlugin } from './cameras.plugin';
export { Device } from './entities/device.entity';
export { DevicePlacement } from './entities/placement.entity';
export { MaintenanceRecord } from './entities/maintenance.entity';
export { DeviceHealth, HealthTransition } from './entities/health.entity';
export {
  DeviceType,
  DeviceStatus,
  CameraStreamProtocol,
  HealthState,
  PlacementReason,
} from './entities/enums';
export { CamerasPermissions } from './permissions';
export type { CamerasOptions, DeskStandardItem } from './options';
export { devices, deviceImport, watching, health, coverage } from './services';
export {
  signViewingGrant,
  verifyViewingGrant,
  ViewingGrantError,
  GRANT_PREFIX,
} from './services/viewing-grant';
export type { ViewingGrantClaims, ViewingGrantFailure } from './services/viewing-grant';
export type { CameraCredentials } from './services/credentials';
export { labelUrl } from './services/labels';
export { PROBE_JOB } from './services/health.service';
