// Monitor run records for the monitor's unit tests: a passing or failing run of one check with two SLAs.
import { randomUUID } from 'node:crypto';
import { finding } from '../diagnosis/finding.ts';
import type { RunRecord } from '../history/types.ts';

export const CHECK = 'tests/golden-path/protocol-journey.spec.ts › journey [local]';

export function sampleRun(
  state: 'passed' | 'failed',
  startedAt: string,
  summary = 'login answered 503',
): RunRecord {
  const failed = state === 'failed';
  const endedAt = new Date(Date.parse(startedAt) + 30_000).toISOString();
  return {
    id: randomUUID(),
    kind: 'monitor',
    environment: 'local',
    selection: '@smoke',
    startedAt,
    endedAt,
    state,
    exitCode: failed ? 1 : 0,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    checks: [
      {
        name: CHECK,
        state,
        durationMs: 4200,
        retries: 0,
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        requestId: 'req-42',
        ...(failed ? { finding: finding('F1', 'auth.login.status', summary) } : {}),
      },
    ],
    slas: [
      { id: 'agent.stream.first_token', status: 'passed', measured: 1250, target: 5000, unit: 'ms', n: 1 },
      {
        id: 'auth.login.latency',
        status: failed ? 'failed' : 'degraded',
        measured: failed ? 900 : 320,
        target: 500,
        degraded: 200,
        unit: 'ms',
        n: 1,
      },
    ],
  };
}

export const at = (minutes: number): string => new Date(Date.UTC(2026, 11, 3, 10, minutes)).toISOString();
