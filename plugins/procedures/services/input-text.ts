import { BadInputError } from '../../../src';

/**
 * Free text typed at the desk or by an applicant (reasons, notes, names of signers): trimmed and
 * bounded, so every note of every transition has the same limit and the same refusal.
 */
export function requiredText(value: string | null | undefined, field: string, max = 2000): string {
  const v = (value ?? '').trim();
  if (!v) throw new BadInputError(`Give the ${field}`, { field });
  if (v.length > max)
    throw new BadInputError(
      {
        vi: `${field} quá dài (tối đa ${max} ký tự)`,
        en: `${field} is too long (${max} characters at most)`,
      },
      { field },
    );
  return v;
}

export function optionalText(value: string | null | undefined, field: string, max = 2000): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (v.length > max)
    throw new BadInputError(
      {
        vi: `${field} quá dài (tối đa ${max} ký tự)`,
        en: `${field} is too long (${max} characters at most)`,
      },
      { field },
    );
  return v;
}
