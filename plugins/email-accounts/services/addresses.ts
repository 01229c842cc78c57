import { BadInputError } from '../../../src';
import { foldVietnamese } from '../../staff';
import { AddressRule } from '../entities/enums';

/** RFC 5321 allows 64 octets; we keep room for a collision number. */
export const MAX_LOCAL_PART = 64;
const MAX_BASE = 60;

/** What a local part may look like: a-z 0-9 . _ -, starting and ending with a letter or digit, no "..". */
const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const EXTERNAL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The parts of a Vietnamese name in ASCII: "Nguyễn Văn Hùng" -> ["nguyen", "van", "hung"] (family
 * name first, given name last). Tone marks and the other diacritics go, đ/Đ become d, and anything
 * that is not a letter or digit (hyphens, apostrophes as in "H'Hen Niê") separates or disappears.
 */
export function nameParts(fullName: string): string[] {
  return foldVietnamese(fullName.normalize('NFC'))
    .split(/[\s\-–]+/)
    .map((part) => part.replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
}

/** The local part a rule gives a name, before collisions: Nguyễn Văn Hùng -> hungnv | nguyenvanhung | hung.nguyen. */
export function localPartFor(fullName: string, rule: AddressRule): string {
  const parts = nameParts(fullName);
  if (!parts.length)
    throw new BadInputError(
      {
        vi: `Không thể tạo địa chỉ từ "${fullName}": không có chữ cái nào`,
        en: `"${fullName}" gives no letters to build an address from`,
      },
      { field: 'fullName' },
    );
  const given = parts[parts.length - 1];
  const others = parts.slice(0, -1);
  let base: string;
  switch (rule) {
    case AddressRule.GIVEN_INITIALS:
      base = given + others.map((p) => p[0]).join('');
      break;
    case AddressRule.FULL:
      base = parts.join('');
      break;
    case AddressRule.GIVEN_DOT_FAMILY:
      base = others.length ? `${given}.${others[0]}` : given;
      break;
  }
  return base.slice(0, MAX_BASE).replace(/[._-]+$/, '');
}

/**
 * The collision rule: the first of base, base2, base3, … that is free (in the whole domain, across
 * mailboxes and aliases, case-insensitively). Deterministic: the same taken set gives the same answer.
 */
export function firstFree(base: string, isTaken: (localPart: string) => boolean): string {
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}

export function checkLocalPart(localPart: string, field = 'localPart'): string {
  const value = localPart.trim().toLowerCase();
  if (!value || value.length > MAX_LOCAL_PART || !LOCAL_PART.test(value) || value.includes('..')) {
    throw new BadInputError(
      {
        vi: `"${localPart}" không phải là địa chỉ hợp lệ (a-z, 0-9, . _ -, tối đa ${MAX_LOCAL_PART} ký tự)`,
        en: `"${localPart}" is not a valid address (a-z, 0-9, . _ -, at most ${MAX_LOCAL_PART} characters)`,
      },
      { field },
    );
  }
  return value;
}

export function checkDomainName(name: string): string {
  const value = name.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN.test(value) || value.length > 253)
    throw new BadInputError(
      { vi: `"${name}" không phải là tên miền hợp lệ`, en: `"${name}" is not a valid domain name` },
      { field: 'name' },
    );
  return value;
}

export function checkExternalAddress(address: string, field = 'address'): string {
  const value = address.trim().toLowerCase();
  if (!EXTERNAL.test(value) || value.length > 254)
    throw new BadInputError(
      { vi: `"${address}" không phải là địa chỉ thư điện tử`, en: `"${address}" is not an email address` },
      { field },
    );
  return value;
}

export function splitAddress(address: string): { localPart: string; domain: string } {
  const at = address.lastIndexOf('@');
  return { localPart: address.slice(0, at), domain: address.slice(at + 1) };
}
