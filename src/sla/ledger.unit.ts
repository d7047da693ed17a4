// The run's SLA figure is its worst measurement, never whichever test happened to write first.
import { expect, test } from '@playwright/test';
import { aggregate, type LedgerEntry } from './ledger.ts';

const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  id: 'ws.handshake.latency',
  environment: 'local',
  status: 'passed',
  pass: true,
  measured: 3,
  target: 1000,
  unit: 'ms',
  bound: 'max',
  statistic: 'p95',
  message: '',
  source: 'a test',
  at: '2026-11-30T00:00:00.000Z',
  ...over,
});

test('a "max" SLA shows its largest passing figure; a failure still wins', () => {
  const rows = aggregate([
    entry({ measured: 3 }),
    entry({ measured: 81, source: 'fifty handshakes' }),
    entry({ measured: 12 }),
  ]);
  expect(rows[0]?.worst.measured).toBe(81);
  expect(rows[0]?.worst.source).toBe('fifty handshakes');
  const failed = aggregate([
    entry({ measured: 900 }),
    entry({ measured: 1200, status: 'failed', pass: false }),
    entry({ measured: 2000 }),
  ]);
  expect(failed[0]?.worst.measured).toBe(1200);
  expect(failed[0]?.pass).toBe(false);
});

test('a "min" SLA shows its smallest figure; equal figures prefer more samples', () => {
  const rows = aggregate([
    entry({ id: 'ws.handshake.success', bound: 'min', measured: 1 }),
    entry({ id: 'ws.handshake.success', bound: 'min', measured: 0.995 }),
  ]);
  expect(rows[0]?.worst.measured).toBe(0.995);
  const pooled = aggregate([
    entry({ measured: 5 }),
    entry({ measured: 5, samples: [5, 5, 5], source: 'pooled' }),
  ]);
  expect(pooled[0]?.worst.source).toBe('pooled');
});

test('a row measured on a retry is flaky, whatever its figure', () => {
  expect(aggregate([entry({}), entry({ measured: 5 })])[0]?.flaky).toBe(false);
  expect(aggregate([entry({}), entry({ measured: 5, retry: 1 })])[0]?.flaky).toBe(true);
});
