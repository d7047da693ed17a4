// For unit tests: what a promise rejects with, checked to be of the expected class (a fulfilled promise fails).
import assert from 'node:assert/strict';

export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  kind: abstract new (...args: never[]) => E,
): Promise<E> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  assert.ok(outcome.rejected, `expected a rejection with ${kind.name}, it fulfilled`);
  assert.ok(
    outcome.error instanceof kind,
    `expected a rejection with ${kind.name}, it rejected with ${String(outcome.error)}`,
  );
  return outcome.error;
}
