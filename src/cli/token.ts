import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { DEV_AUTH_SERVER_URL, loadOrCreateDevRealmKey, mintToken } from '../auth/dev-realm';
import { parseArgs } from './args';

/**
 * `npm run token -- --user <name> --roles <a,b> [--minutes 60] [--subject id] [--name "Full Name"]`
 * prints an access token of the development realm, accepted by a server running without Keycloak.
 */
function main(): void {
  const { flags } = parseArgs(process.argv.slice(2));
  if (flags.help || typeof flags.user !== 'string') {
    process.stderr.write(
      'usage: npm run token -- --user <username> --roles <role,role> [--minutes 60] [--name "Full name"] [--subject <keycloak id>]\n',
    );
    process.exit(flags.help ? 0 : 2);
  }
  const config = loadConfig();
  if (config.auth.keycloakUrl) {
    process.stderr.write('KEYCLOAK_URL is set: get tokens from Keycloak, not from the development realm.\n');
    process.exit(2);
  }
  const roles =
    typeof flags.roles === 'string'
      ? flags.roles
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean)
      : [];
  const minutes = typeof flags.minutes === 'string' ? Number(flags.minutes) : 60;
  const token = mintToken({
    key: loadOrCreateDevRealmKey(config.dataDir),
    authServerUrl: DEV_AUTH_SERVER_URL,
    realm: config.auth.realm,
    audience: config.auth.clientId,
    username: flags.user,
    subject: typeof flags.subject === 'string' ? flags.subject : undefined,
    name: typeof flags.name === 'string' ? flags.name : undefined,
    roles,
    expiresInSeconds: Math.round(minutes * 60),
  });
  process.stdout.write(`${token}\n`);
}

main();
