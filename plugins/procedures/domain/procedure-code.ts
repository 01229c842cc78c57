/**
 * National procedure codes (mã thủ tục hành chính on the national database): a group digit, a dot
 * and six digits (`1.001612`, `2.000815`), optionally followed by a province or ministry suffix
 * (`1.000948.H38`).
 */
export const PROCEDURE_CODE = /^[1-9]\.\d{6}(\.[A-Z]\d{2})?$/;

export function normaliseProcedureCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return PROCEDURE_CODE.test(code) ? code : null;
}
