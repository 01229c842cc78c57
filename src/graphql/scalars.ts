import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' when it names a real day of the Gregorian calendar, else null. */
function calendarDay(value: string): string | null {
  const m = DAY.exec(value);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value ? value : null;
}

function invalid(value: unknown): GraphQLError {
  return new GraphQLError(`Date must be a calendar day YYYY-MM-DD, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/**
 * The one scalar for calendar days (a birthday, a validity start, a holiday): a local date with no
 * time and no zone, written 'YYYY-MM-DD' both ways. Resolvers receive it as that string, never as a
 * JS Date, so no time zone can shift it by a day. Instants are DateTimeISO.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description:
    'A calendar day YYYY-MM-DD (local to Vietnam, no time, no zone), e.g. 2025-07-01. Instants are DateTimeISO.',
  serialize(value) {
    // PostgreSQL `date` columns are read as strings; a JS Date here is a day built at UTC midnight.
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    if (typeof value === 'string') {
      const day = calendarDay(value.slice(0, 10));
      if (day) return day;
    }
    throw new GraphQLError(`Date cannot represent ${JSON.stringify(value)}`);
  },
  parseValue(value) {
    if (typeof value !== 'string') throw invalid(value);
    const day = calendarDay(value);
    if (!day) throw invalid(value);
    return day;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid(ast.kind);
    const day = calendarDay(ast.value);
    if (!day) throw invalid(ast.value);
    return day;
  },
});
