#!/bin/sh
# Renders the configuration templates from the environment, then runs Dovecot (background) and
# Postfix (foreground). Required: DB_HOST, DB_NAME, DOVECOT_DB_PASSWORD, POSTFIX_DB_PASSWORD.
set -eu

: "${DB_HOST:?DB_HOST is required}"
: "${DB_NAME:?DB_NAME is required}"
: "${DOVECOT_DB_PASSWORD:?DOVECOT_DB_PASSWORD is required}"
: "${POSTFIX_DB_PASSWORD:?POSTFIX_DB_PASSWORD is required}"
DB_PORT="${DB_PORT:-5432}"
DOVECOT_DB_USER="${DOVECOT_DB_USER:-email_dovecot}"
POSTFIX_DB_USER="${POSTFIX_DB_USER:-email_postfix}"
MAIL_HOSTNAME="${MAIL_HOSTNAME:-mail.localhost}"
# >>> listen addresses (test/core-compose.test.ts runs this block)
# Listen on IPv6 too only where the kernel gives the container IPv6 addresses.
if [ -z "${DOVECOT_LISTEN:-}" ]; then
  if [ -s /proc/net/if_inet6 ]; then DOVECOT_LISTEN='*, ::'; else DOVECOT_LISTEN='*'; fi
fi
# Postfix likewise: "all" fails on a host without IPv6.
if [ -z "${POSTFIX_INET_PROTOCOLS:-}" ]; then
  if [ -s /proc/net/if_inet6 ]; then POSTFIX_INET_PROTOCOLS=all; else POSTFIX_INET_PROTOCOLS=ipv4; fi
fi
# <<< listen addresses

render() { # render <template> <target>
  sed -e "s|@DB_HOST@|${DB_HOST}|g" -e "s|@DB_PORT@|${DB_PORT}|g" -e "s|@DB_NAME@|${DB_NAME}|g" \
      -e "s|@DOVECOT_DB_USER@|${DOVECOT_DB_USER}|g" -e "s|@DOVECOT_DB_PASSWORD@|${DOVECOT_DB_PASSWORD}|g" \
      -e "s|@POSTFIX_DB_USER@|${POSTFIX_DB_USER}|g" -e "s|@POSTFIX_DB_PASSWORD@|${POSTFIX_DB_PASSWORD}|g" \
      -e "s|@MAIL_HOSTNAME@|${MAIL_HOSTNAME}|g" -e "s|@DOVECOT_CONF_DIR@|/etc/dovecot|g" \
      -e "s|@DOVECOT_LISTEN@|${DOVECOT_LISTEN}|g" -e "s|@POSTFIX_INET_PROTOCOLS@|${POSTFIX_INET_PROTOCOLS}|g" "$1" > "$2"
  if grep -q '@[A-Z_]*@' "$2"; then echo "unrendered placeholder in $2" >&2; exit 1; fi
}

mkdir -p /etc/dovecot/conf.d
render /etc/mail-templates/dovecot/dovecot.conf /etc/dovecot/dovecot.conf
render /etc/mail-templates/dovecot/conf.d/10-mail.conf /etc/dovecot/conf.d/10-mail.conf
render /etc/mail-templates/dovecot/conf.d/10-auth.conf /etc/dovecot/conf.d/10-auth.conf
for f in dovecot-sql.conf.ext dovecot-sql-master.conf.ext; do
  render "/etc/mail-templates/dovecot/$f" "/etc/dovecot/$f"
  chown root:dovecot "/etc/dovecot/$f"; chmod 0640 "/etc/dovecot/$f"
done
for f in main.cf master.cf pgsql-virtual-domains.cf pgsql-virtual-mailboxes.cf pgsql-virtual-aliases.cf pgsql-sender-logins.cf; do
  render "/etc/mail-templates/postfix/$f" "/etc/postfix/$f"
done
chown root:postfix /etc/postfix/pgsql-*.cf && chmod 0640 /etc/postfix/pgsql-*.cf

# TLS: mount a real certificate at /etc/mail-tls (fullchain.pem, privkey.pem); otherwise a
# self-signed one is made for development.
if [ ! -s /etc/mail-tls/fullchain.pem ] || [ ! -s /etc/mail-tls/privkey.pem ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=${MAIL_HOSTNAME}" \
    -keyout /etc/mail-tls/privkey.pem -out /etc/mail-tls/fullchain.pem 2>/dev/null
  chmod 0600 /etc/mail-tls/privkey.pem
fi
chown vmail:vmail /var/vmail

# Local notices (bounces to postmaster, cron and daemon mail to root) go to the local mailbox of
# root through /etc/aliases.
grep -q '^postmaster:' /etc/aliases 2>/dev/null || echo 'postmaster: root' >> /etc/aliases
newaliases
postfix check
dovecot -c /etc/dovecot/dovecot.conf
exec postfix start-fg
