/** The signed-in user as the verified token describes them. */
export interface AuthUser {
  /**
   * Keycloak user id (`sub`). A token without `sub` gets `username:<name>`, which no account link
   * can equal, so such a user is an official only through the username fallback.
   */
  subject: string;
  /**
   * Whether the official may be found by `username` when no official is linked to `subject`
   * (AUTH_USERNAME_FALLBACK: on in development and tests, off by default in production). Never used
   * for an official already linked to another Keycloak account.
   */
  usernameFallback: boolean;
  username: string;
  name: string | null;
  email: string | null;
  /** Realm roles plus the API client's roles. */
  roles: string[];
  /** Permissions those roles grant through the role map. */
  permissions: ReadonlySet<string>;
  expiresAt: Date;
}
