import { asyncContextState, runInAsyncContext } from '../async-context';

/**
 * Calls to systems outside our database (SMTP, Keycloak, webhook receivers, cameras) are never made
 * while a transaction is open.
 *
 * A transaction holds a pooled connection and one of the transaction slots
 * (src/db/transaction-slots.ts) until it ends. An outside call inside one would hold both for as
 * long as the outside system takes to answer or to time out: a slow mail server or a dead Keycloak
 * would then take the slots one job at a time, and every mutation would wait for a slot. So such a
 * call runs in a job (enqueued in the transaction that decides it) and outside any transaction of
 * the handler: it reads what it needs, calls, then records the outcome in a transaction of its own.
 *
 * The rule was a convention; this makes it checked. `RequestContext.transactional` marks the async
 * context of the work it runs, and every client of an outside system calls `assertOutsideTransaction`
 * before it connects. A call inside a transaction fails at once, before anything is sent: in a test
 * it fails the test, in production it fails the job (which is retried and shows in its errors)
 * rather than quietly holding a connection through an outage. Work started inside a transaction
 * counts as inside even when it runs on after the commit (a timer, a promise not awaited): what
 * must happen after the commit is registered with `ctx.afterCommit`, which runs outside.
 */
declare module '../async-context' {
  interface AsyncContextState {
    /** Inside `RequestContext.transactional`'s work. */
    transactionOpen?: boolean;
  }
}

/** Runs `work` marked as inside a transaction (RequestContext.transactional's work). */
export function inTransactionScope<T>(work: () => Promise<T>): Promise<T> {
  return runInAsyncContext({ transactionOpen: true }, work);
}

/** An outside system was called from inside a transaction: a programming error, which a retry does not mend. */
export class OutsideCallInTransactionError extends Error {
  constructor(readonly system: string) {
    super(
      `${system} was called inside a database transaction: outside calls run in a job, outside any ` +
        `transaction (src/db/outside-calls.ts)`,
    );
    this.name = 'OutsideCallInTransactionError';
  }
}

/** Throws OutsideCallInTransactionError when called inside `RequestContext.transactional`'s work. */
export function assertOutsideTransaction(system: string): void {
  if (asyncContextState().transactionOpen) throw new OutsideCallInTransactionError(system);
}
