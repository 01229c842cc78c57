import type { AuthUser } from '../../../src';

/**
 * Which official a signed-in user is: the one whose account is linked to the token's `sub`. Where
 * the username fallback is configured (development and tests; off by default in production), an
 * official not linked to any account is also found by the token's `preferred_username`; an official
 * linked to another account never is, so a token with an unknown `sub` cannot borrow a linked
 * official's scope by naming their username.
 */
export function officialAccountWhere(user: AuthUser): object {
  return user.usernameFallback
    ? { $or: [{ keycloakUserId: user.subject }, { keycloakUserId: null, username: user.username }] }
    : { keycloakUserId: user.subject };
}

/**
 * The SQL twin of officialAccountWhere for `alias` (a staff_official row): a condition and its
 * parameters. Ordering by `<alias>.keycloak_user_id is null` puts the linked official first.
 */
export function officialAccountSql(user: AuthUser, alias = 'o'): { sql: string; params: unknown[] } {
  return user.usernameFallback
    ? {
        sql: `(${alias}.keycloak_user_id = ? or (${alias}.keycloak_user_id is null and ${alias}.username = ?))`,
        params: [user.subject, user.username],
      }
    : { sql: `${alias}.keycloak_user_id = ?`, params: [user.subject] };
}

/** Whether `official` is the signed-in user (same rule as officialAccountWhere). */
export function isOfficialAccount(
  user: AuthUser | null | undefined,
  official: { keycloakUserId: string | null; username: string },
): boolean {
  if (!user) return false;
  if (official.keycloakUserId) return official.keycloakUserId === user.subject;
  return user.usernameFallback && official.username === user.username;
}
