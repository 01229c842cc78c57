import { Migration20261123090000_cameras } from './Migration20261123090000_cameras';

/** In order. */
export const camerasMigrations = [Migration20261123090000_cameras];
