/**
 * Fakes only `Date` (the platform clock, read through src/time/local-time.ts): timers, microtasks and
 * the database keep real time, so an app under test still serves requests and runs its pool.
 */
export function fakeDateOnly(now: Date): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'nextTick',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'hrtime',
      'performance',
    ],
  });
}
