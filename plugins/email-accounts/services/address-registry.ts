import { ConflictError, pgArray, type RequestContext } from '../../../src';
import { firstFree } from './addresses';

export type AddressKind = 'MAILBOX' | 'ALIAS';

/**
 * The one namespace of addresses (email_accounts_address): mailboxes and aliases register their
 * address here first, so the database refuses two records with one address whatever its case.
 * Address choice in a domain is serialised by a transaction-scoped advisory lock on the domain.
 */
export class AddressRegistry {
  /** Serialises address choice in one domain until the transaction ends. */
  async lockDomain(ctx: RequestContext, domainId: string): Promise<void> {
    await ctx.em.execute(`select pg_advisory_xact_lock(hashtext('email-accounts:domain:' || ?))`, [domainId]);
  }

  /** Local parts in use in the domain (every kind), lower case. */
  async takenLocalParts(ctx: RequestContext, domainId: string, domainName: string): Promise<Set<string>> {
    const rows = await ctx.em.execute<Array<{ address: string }>>(
      `select address from email_accounts_address where domain_id = ?`,
      [domainId],
    );
    const suffix = `@${domainName}`;
    return new Set(rows.map((r) => r.address.slice(0, r.address.length - suffix.length)));
  }

  /**
   * Registers `base@domain`; with `derive`, the first free of base, base2, base3, … instead.
   * Must run in a transaction (the caller's mutation or job).
   */
  async claim(
    ctx: RequestContext,
    domain: { id: string; name: string },
    base: string,
    kind: AddressKind,
    derive: boolean,
  ): Promise<string> {
    await this.lockDomain(ctx, domain.id);
    const rows = await ctx.em.execute<Array<{ address: string }>>(
      `select address from email_accounts_address where domain_id = ? and (address = ? or address ~ ?)`,
      [domain.id, `${base}@${domain.name}`, `^${escapeRegex(base)}[0-9]+@${escapeRegex(domain.name)}$`],
    );
    const taken = new Set(rows.map((r) => r.address));
    const isTaken = (local: string) => taken.has(`${local}@${domain.name}`);
    if (!derive && isTaken(base))
      throw new ConflictError(
        {
          vi: `Địa chỉ ${base}@${domain.name} đã được dùng`,
          en: `The address ${base}@${domain.name} is already in use`,
        },
        { field: 'localPart' },
      );
    const local = derive ? firstFree(base, isTaken) : base;
    const address = `${local}@${domain.name}`;
    await this.insert(ctx, [{ address, kind, domainId: domain.id }]);
    return address;
  }

  async insert(
    ctx: RequestContext,
    rows: Array<{ address: string; kind: AddressKind; domainId: string }>,
  ): Promise<void> {
    if (!rows.length) return;
    await ctx.em.execute(
      `insert into email_accounts_address (address, kind, domain_id)
       select a, k::email_accounts_address_kind, d::uuid from unnest(?::text[], ?::text[], ?::text[]) as t(a, k, d)`,
      [
        pgArray(rows.map((r) => r.address)),
        pgArray(rows.map((r) => r.kind)),
        pgArray(rows.map((r) => r.domainId)),
      ],
    );
  }

  /** Frees an address (its mailbox or alias row goes with it: the foreign key cascades). */
  async release(ctx: RequestContext, address: string): Promise<void> {
    await ctx.em.execute(`delete from email_accounts_address where address = ?`, [address]);
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const addressRegistry = new AddressRegistry();
