import { optionsOf, type AppServices } from '../../../src';
import type { StaffOptions } from '../options';
import { KeycloakAdminClient } from './admin-client';
import type { ProvisioningSettings } from './provisioner';

/** One client per running app (its token cache lives as long as the app's options). */
const clients = new WeakMap<object, KeycloakAdminClient>();

/** The Admin REST client, or null when provisioning is not configured (no URL or no secret). */
export function keycloakClientFor(app: AppServices): KeycloakAdminClient | null {
  const { keycloak } = optionsOf<StaffOptions>(app, 'staff');
  if (!keycloak.url || !keycloak.clientSecret) return null;
  let client = clients.get(keycloak);
  if (!client) {
    client = new KeycloakAdminClient({
      url: keycloak.url,
      realm: keycloak.realm,
      clientId: keycloak.clientId,
      clientSecret: keycloak.clientSecret,
      timeoutMs: keycloak.timeoutMs,
    });
    clients.set(keycloak, client);
  }
  return client;
}

export function provisioningSettings(app: AppServices): ProvisioningSettings & { reconcileNightly: boolean } {
  const { keycloak } = optionsOf<StaffOptions>(app, 'staff');
  return {
    actionsLifespanSeconds: keycloak.actionsLifespanSeconds,
    actionsClientId: keycloak.actionsClientId,
    actionsRedirectUri: keycloak.actionsRedirectUri,
    reconcileNightly: keycloak.reconcileNightly,
  };
}
