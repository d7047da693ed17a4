// GP_FAULTS parsing: every name, defaults, parameters, and one-line errors for anything else.
import { expect, test } from '@playwright/test';
import { FAULT_DEFINITIONS, formatFaultSpec, parseFaultSpec } from '../faults/fault-spec.ts';
import { FaultState } from '../faults/fault-state.ts';
import { settingsFromEnv } from '../settings.ts';

test('every fault name parses, with its default parameter made explicit', () => {
  const needsParam = {
    'drop-event': 'drop-event:agent_thinking',
    'capacity-cliff': 'capacity-cliff:50',
  } as Record<string, string>;
  const spec = Object.keys(FAULT_DEFINITIONS)
    .map((n) => needsParam[n] ?? n)
    .join(',');
  const set = parseFaultSpec(spec);
  expect(set.entries).toHaveLength(Object.keys(FAULT_DEFINITIONS).length);
  expect(set).toMatchObject({
    authSlowMs: 1200,
    authDownStatus: 503,
    wsRace1011Probability: 1,
    readyDependencyTimeoutMs: 30_000,
    coldStart5xxCount: 10,
    dbSlowMs: 6000,
    capacityCliff: 50,
    stripAuthHeader: true,
    echoToken: true,
  });
  expect([...set.dropEvents]).toEqual(['agent_thinking']);
  expect(formatFaultSpec(parseFaultSpec(' auth-slow , auth-down:502 ,'))).toBe(
    'auth-slow:1200,auth-down:502',
  );
  expect(parseFaultSpec('').entries).toEqual([]);
});

test('drop-event may be given several times', () => {
  const set = parseFaultSpec('drop-event:tool_completed,drop-event:agent_completed');
  expect([...set.dropEvents].sort()).toEqual(['agent_completed', 'tool_completed']);
});

test('unknown names and bad parameters throw one line naming the entry', () => {
  for (const [spec, fragment] of [
    ['auth-slowly', 'unknown fault "auth-slowly"'],
    ['auth-slow:-5', 'auth-slow'],
    ['auth-down:404', 'HTTP status 500-599'],
    ['ws-race-1011:2', 'probability'],
    ['capacity-cliff', 'needs a parameter'],
    ['capacity-cliff:0', 'whole number'],
    ['drop-event:Tool Completed', 'event type'],
    ['echo-token:yes', 'no parameter'],
  ] as const) {
    expect(() => parseFaultSpec(spec), spec).toThrow(fragment);
    try {
      parseFaultSpec(spec);
    } catch (err) {
      expect((err as { code: string }).code).toBe('REF_FAULT_SPEC_INVALID');
      expect((err as Error).message).not.toContain('\n');
    }
  }
  expect(() => settingsFromEnv({ GP_FAULTS: 'nope' })).toThrow(
    /^REF_SETTINGS_INVALID: GP_FAULTS: unknown fault "nope"/,
  );
});

test('the cold-start burst alternates 503/500 and the race dice are seeded', () => {
  const state = new FaultState('cold-start-5xx:3', 1);
  expect([1, 2, 3, 4].map(() => state.takeColdStartStatus())).toEqual([503, 500, 503, undefined]);
  const roll = (seed: number): boolean[] => {
    const s = new FaultState('ws-race-1011:0.5', seed);
    return Array.from({ length: 20 }, () => s.rollRace());
  };
  expect(roll(3)).toEqual(roll(3));
  expect(roll(3).filter(Boolean).length).toBeGreaterThan(3);
  expect(roll(3).filter(Boolean).length).toBeLessThan(17);
});
