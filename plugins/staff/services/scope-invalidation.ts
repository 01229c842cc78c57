import { optionsOf, type AppServices, type RequestContext } from '../../../src';
import type { StaffOptions } from '../options';

/** The topic on which every API process hears that roles, postings or units changed. */
export const SCOPES_CHANGED = 'staff.scopes-changed';

/**
 * After the current transaction commits, forget cached scopes (roles, postings or units changed) in
 * this process at once and in every other process on the database through a notification: a role
 * revoked through one process is refused by all of them.
 */
export function invalidateScopes(ctx: RequestContext): void {
  ctx.afterCommit(async () => {
    try {
      await ctx.app.notifications.publish(SCOPES_CHANGED);
    } catch (error) {
      // Delivered here already; the others fall back to the cache's time limit.
      ctx.logger.error({ err: error }, 'could not tell the other processes that scopes changed');
    }
  });
}

/** Wires the scope cache to the notifications (onBootstrap); any message, or a missed one, clears it. */
export function listenForScopeChanges(app: AppServices): () => void {
  const { scopeResolver } = optionsOf<StaffOptions>(app, 'staff');
  return app.notifications.subscribe(SCOPES_CHANGED, () => scopeResolver.invalidate());
}
