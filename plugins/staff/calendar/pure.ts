/** The calendar's pure logic (no database): lunar dates, holiday rules, working time and due times. */
export * from './local-time';
export * from './lunar';
export * from './holidays';
export * from './working-calendar';
export * from './deadlines';
