// The findings made while one test runs, for the fixture that annotates it (a worker runs one test at a time).
import type { Finding } from './finding.ts';

const made: Finding[] = [];
const expected = new WeakSet<Finding>();

/** Records a finding where it is made; returns it. */
export function note(f: Finding): Finding {
  made.push(f);
  return f;
}

/** A finding a test asserted on (a fault it expected): not the cause of a failure. */
export function markExpected(f: Finding): void {
  expected.add(f);
}

/** The findings made since the last call, expected ones left out; clears the trail. */
export function drain(): Finding[] {
  const out = made.filter((f) => !expected.has(f));
  made.length = 0;
  return out;
}
