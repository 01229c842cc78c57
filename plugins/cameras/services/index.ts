import { DevicesService } from './devices.service';
import { DeviceImportService } from './import.service';
import { WatchService } from './watch.service';
import { HealthService } from './health.service';
import { CoverageService } from './coverage.service';

/** Stateless services shared by resolvers, jobs, the CLI and (through the plugin's index) other plugins. */
export const devices = new DevicesService();
export const deviceImport = new DeviceImportService(devices);
export const watching = new WatchService();
export const health = new HealthService();
export const coverage = new CoverageService();
