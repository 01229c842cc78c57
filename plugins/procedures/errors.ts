import type { LocalizedText } from '../../src';

/** The procedures plugin's error codes: `<RECORD>_<PROBLEM>`, upper case, stable. */
export const ProceduresErrorCodes = {
  /** The action is not allowed in the dossier's current status (or by this caller's role in it). */
  DOSSIER_INVALID_TRANSITION: 'DOSSIER_INVALID_TRANSITION',
  /** The procedure's version in force starts later than the day of the intake. */
  PROCEDURE_NOT_IN_EFFECT: 'PROCEDURE_NOT_IN_EFFECT',
  /** The procedure is not offered online (mức độ), or not by this agency. */
  PROCEDURE_NOT_ONLINE: 'PROCEDURE_NOT_ONLINE',
  /** The procedure is not received at this agency (its level and the place do not match). */
  PROCEDURE_NOT_ACCEPTED_HERE: 'PROCEDURE_NOT_ACCEPTED_HERE',
  /** A printed form does not apply to the dossier in its current state. */
  FORM_NOT_AVAILABLE: 'FORM_NOT_AVAILABLE',
} as const;

/** The plugin's records as messages name them (NOT_FOUND), in both languages. */
export const ProceduresRecords = {
  dossier: { vi: 'hồ sơ', en: 'Dossier' },
  procedure: { vi: 'thủ tục hành chính', en: 'Procedure' },
  procedureVersion: { vi: 'phiên bản thủ tục', en: 'Procedure version' },
  ratingLink: { vi: 'liên kết đánh giá', en: 'Rating link' },
} as const satisfies Record<string, LocalizedText>;
