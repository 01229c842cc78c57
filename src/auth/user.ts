/** The signed-in user as the verified token describes them. */
export interface AuthUser {
  /** Keycloak user id (`sub`), or the username when the token carries no `sub`. */
  subject: string;
  username: string;
  name: string | null;
  email: string | null;
  /** Realm roles plus the API client's roles. */
  roles: string[];
  /** Permissions those roles grant through the role map. */
  permissions: ReadonlySet<string>;
  expiresAt: Date;
}
