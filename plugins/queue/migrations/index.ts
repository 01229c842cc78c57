import { Migration20261205140000_queue } from './Migration20261205140000_queue';

/** In order. */
export const queueMigrations = [Migration20261205140000_queue];
