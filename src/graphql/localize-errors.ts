import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../errors';
import { currentLanguage, textOf, type LocalizedText } from '../i18n';

type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * The messages the error formatter writes itself (faults, races, values the database refused), in
 * both languages, keyed by the English text it writes.
 */
const FORMATTER_MESSAGES: Record<string, LocalizedText> = {
  'Internal server error': { vi: 'Lỗi hệ thống', en: 'Internal server error' },
  'This record was changed by someone else; reload and try again': {
    vi: 'Bản ghi vừa được người khác thay đổi; hãy tải lại và thử lại',
    en: 'This record was changed by someone else; reload and try again',
  },
  'A record with the same unique value already exists (or overlaps it)': {
    vi: 'Đã có bản ghi mang cùng giá trị duy nhất (hoặc trùng lặp với nó)',
    en: 'A record with the same unique value already exists (or overlaps it)',
  },
  'The database is unavailable for a moment; try again shortly': {
    vi: 'Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại sau giây lát',
    en: 'The database is unavailable for a moment; try again shortly',
  },
  'A value in the request is not valid for its field (an id that is not a UUID, an impossible date, a number out of range or text the field cannot store)':
    {
      vi: 'Một giá trị trong yêu cầu không hợp lệ với trường của nó (mã định danh không phải UUID, ngày không tồn tại, số vượt giới hạn hoặc văn bản trường không lưu được)',
      en: 'A value in the request is not valid for its field (an id that is not a UUID, an impossible date, a number out of range or text the field cannot store)',
    },
};

/**
 * Answers every error in the request's language (Accept-Language; Vietnamese by default): a domain
 * error carries its message in both, the formatter's own messages are translated here. GraphQL
 * syntax and validation messages stay in English: they are for the developers of a front-end.
 */
export function localizeErrors(format: ErrorFormatter): ErrorFormatter {
  return (raw, error) => {
    const formatted = format(raw, error);
    const language = currentLanguage();
    const original = unwrapResolverError(error);
    if (original instanceof DomainError && formatted.extensions?.code === original.code)
      return { ...formatted, message: textOf(original.text, language) };
    const known = FORMATTER_MESSAGES[formatted.message];
    return known ? { ...formatted, message: textOf(known, language) } : formatted;
  };
}
