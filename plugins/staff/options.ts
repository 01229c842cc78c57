import type { AppConfig, EnvReader } from '../../src';
import { StaffScopeResolver } from './services/staff-scope.resolver';

export interface StaffOptions {
  /** How long a user's resolved unit scope is reused (STAFF_SCOPE_CACHE_SECONDS, default 60). */
  scopeCacheSeconds: number;
  scopeResolver: StaffScopeResolver;
  keycloak: {
    /** Admin REST base, e.g. https://sso.example.gov.vn; null: provisioning jobs are recorded but skipped. */
    url: string | null;
    realm: string;
    clientId: string;
    clientSecret: string | null;
    /** Per-request timeout of Admin REST calls (KEYCLOAK_ADMIN_TIMEOUT_MS, default 10000). */
    timeoutMs: number;
    /** How long the set-password link stays valid (KEYCLOAK_ACTIONS_LIFESPAN_SECONDS, default 3 days). */
    actionsLifespanSeconds: number;
    /** Client and redirect URI for the link back after setting the password (optional). */
    actionsClientId: string | null;
    actionsRedirectUri: string | null;
    /** Whether the nightly reconcile runs (KEYCLOAK_RECONCILE_NIGHTLY, default true). */
    reconcileNightly: boolean;
  };
}

export function readStaffOptions(env: EnvReader, config: AppConfig): StaffOptions {
  const scopeCacheSeconds = env.int('STAFF_SCOPE_CACHE_SECONDS', 60, { min: 0, max: 3600 });
  const url = env.url('KEYCLOAK_ADMIN_URL', config.auth.keycloakUrl ?? undefined) ?? null;
  const clientSecret = env.secret('KEYCLOAK_PROVISIONER_SECRET') ?? null;
  if (url && !clientSecret && config.env === 'production')
    env.fail('KEYCLOAK_PROVISIONER_SECRET must be set when Keycloak provisioning is on');
  if (env.string('KEYCLOAK_ACTIONS_REDIRECT_URI') && !env.string('KEYCLOAK_ACTIONS_CLIENT_ID'))
    env.fail(
      'KEYCLOAK_ACTIONS_REDIRECT_URI needs KEYCLOAK_ACTIONS_CLIENT_ID (Keycloak checks the URI against that client)',
    );
  return {
    scopeCacheSeconds,
    scopeResolver: new StaffScopeResolver(scopeCacheSeconds * 1000),
    keycloak: {
      url,
      realm: env.string('KEYCLOAK_ADMIN_REALM', config.auth.realm),
      clientId: env.string('KEYCLOAK_PROVISIONER_CLIENT_ID', 'platform-provisioner'),
      clientSecret,
      timeoutMs: env.int('KEYCLOAK_ADMIN_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
      actionsLifespanSeconds: env.int('KEYCLOAK_ACTIONS_LIFESPAN_SECONDS', 3 * 24 * 3600, {
        min: 60,
        max: 30 * 24 * 3600,
      }),
      actionsClientId: env.string('KEYCLOAK_ACTIONS_CLIENT_ID') ?? null,
      actionsRedirectUri: env.url('KEYCLOAK_ACTIONS_REDIRECT_URI') ?? null,
      reconcileNightly: env.bool('KEYCLOAK_RECONCILE_NIGHTLY', true),
    },
  };
}
