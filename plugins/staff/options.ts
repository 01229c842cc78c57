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
  };
}

export function readStaffOptions(env: EnvReader, config: AppConfig): StaffOptions {
  const scopeCacheSeconds = env.int('STAFF_SCOPE_CACHE_SECONDS', 60, { min: 0, max: 3600 });
  const url = env.url('KEYCLOAK_ADMIN_URL', config.auth.keycloakUrl ?? undefined) ?? null;
  const clientSecret = env.secret('KEYCLOAK_PROVISIONER_SECRET') ?? null;
  if (url && !clientSecret && config.env === 'production') env.fail('KEYCLOAK_PROVISIONER_SECRET must be set when Keycloak provisioning is on');
  return {
    scopeCacheSeconds,
    scopeResolver: new StaffScopeResolver(scopeCacheSeconds * 1000),
    keycloak: {
      url,
      realm: env.string('KEYCLOAK_ADMIN_REALM', config.auth.realm),
      clientId: env.string('KEYCLOAK_PROVISIONER_CLIENT_ID', 'platform-provisioner'),
      clientSecret,
    },
  };
}
