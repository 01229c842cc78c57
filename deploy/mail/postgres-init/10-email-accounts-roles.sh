#!/bin/sh
# PostgreSQL init script (mounted into /docker-entrypoint-initdb.d of the postgres:16 service):
# the LOGIN users Dovecot and Postfix connect as, members of the read-only NOLOGIN roles that the
# email-accounts migration grants SELECT on its views to. The NOLOGIN roles are created here too,
# because this runs before the platform's first migration (which then finds them and only grants).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
create role email_accounts_dovecot nologin;
create role email_accounts_postfix nologin;
create role ${DOVECOT_DB_USER:-email_dovecot} login password '${DOVECOT_DB_PASSWORD:-dovecot-dev}' in role email_accounts_dovecot;
create role ${POSTFIX_DB_USER:-email_postfix} login password '${POSTFIX_DB_PASSWORD:-postfix-dev}' in role email_accounts_postfix;
SQL
