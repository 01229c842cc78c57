import { UnitsService } from './units.service';
import { AgenciesService } from './agencies.service';
import { OfficialsService } from './officials.service';

/** Stateless services, shared by resolvers, jobs and other plugins (through the plugin's index). */
export const units = new UnitsService();
export const agencies = new AgenciesService();
export const officials = new OfficialsService();
