// Accepted findings: an expiry date is required (refused at load, naming the field and file), an expired one is red,
// and every one is listed by the gate as "accepted — reason, until DATE", never counted as a silent pass.
import { expect, test } from '@playwright/test';
import netraApex from '../../profiles/netra-apex.ts';
import { decide, parseFlakyPolicy } from '../gate/verdict.ts';
import { renderTable } from '../gate/table.ts';
import { acceptanceOf, acceptances } from './accepted-findings.ts';
import { ConfigError } from './errors.ts';
import { validateProfile } from './profile-loader.ts';

const REASON = 'beta-17 echoes the jwt.<token> subprotocol entry';
const withAccepted = (entry: Record<string, unknown>) => ({ ...netraApex, acceptedFindings: [entry] });

test('an acceptance without `until` is refused at load: one line naming the field and the file', () => {
  const load = () => validateProfile(withAccepted({ id: 'token-echo', reason: REASON }), 'profiles/acme.ts');
  expect(load).toThrow(ConfigError);
  expect(load).toThrow(
    '1 wrong field in profiles/acme.ts: acceptedFindings[0].until: expected a string, found nothing (the field is missing)',
  );
  try {
    load();
  } catch (error) {
    expect((error as ConfigError).code).toBe('PROFILE_INVALID');
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).line.split('\n')).toHaveLength(1);
  }
});

test('an `until` that is not a YYYY-MM-DD day, or no reason, is refused too', () => {
  for (const until of ['31.03.2027', '2027-3-31', '2027-13-45'])
    expect(() =>
      validateProfile(withAccepted({ id: 'token-echo', reason: REASON, until }), 'profiles/acme.ts'),
    ).toThrow(/in profiles\/acme\.ts: acceptedFindings\[0\]\.until: expected an expiry date `until` /);
  expect(() =>
    validateProfile(withAccepted({ id: 'token-echo', until: '2027-03-31' }), 'profiles/acme.ts'),
  ).toThrow('in profiles/acme.ts: acceptedFindings[0].reason: expected a string, found nothing');
});

test('an acceptance holds through its `until` day and expires the day after', () => {
  const profile = { acceptedFindings: [{ id: 'token-echo' as const, reason: REASON, until: '2027-03-31' }] };
  expect(acceptanceOf(profile, 'token-echo', '2027-03-31')).toMatchObject({
    expired: false,
    line: `accepted — ${REASON}, until 2027-03-31`,
  });
  expect(acceptanceOf(profile, 'token-echo', '2027-04-01')).toMatchObject({
    expired: true,
    line: `acceptance expired on 2027-03-31 — ${REASON}`,
  });
  expect(acceptances({}, '2027-01-01')).toEqual([]);
  // The built-in profile's own acceptance is valid as shipped.
  expect(validateProfile(netraApex, 'profiles/netra-apex.ts').acceptedFindings?.[0]?.until).toMatch(
    /^\d{4}-\d{2}-\d{2}$/,
  );
});

test('the gate lists an accepted finding, and an expired one is a reason not to ship', () => {
  const base = {
    environment: 'local',
    startedAt: 's',
    endedAt: 'e',
    harnessCommit: 'c',
    targetVersions: {},
    tests: [
      {
        title: 'the echoed subprotocol never carries the token (security)',
        file: 'tests/websocket/handshake.spec.ts',
        line: 1,
        project: 'local-netra',
        tags: ['websocket'],
        outcome: 'passed' as const,
        attempts: 1,
      },
    ],
    runErrors: [],
    slas: [],
    notMeasured: [],
    flaky: parseFlakyPolicy(undefined),
  };
  const profile = { acceptedFindings: [{ id: 'token-echo' as const, reason: REASON, until: '2027-03-31' }] };

  const active = decide({ ...base, accepted: acceptances(profile, '2027-01-10') });
  expect([active.verdict, active.reasons]).toEqual(['ship', []]);
  expect(active.accepted).toEqual([expect.objectContaining({ id: 'token-echo', expired: false })]);
  expect(renderTable(active)).toContain(`~ token-echo: accepted — ${REASON}, until 2027-03-31`);

  const expired = decide({ ...base, accepted: acceptances(profile, '2027-04-02') });
  expect([expired.verdict, expired.exitCode]).toEqual(['dont-ship', 1]);
  expect(expired.reasons).toEqual([
    `accepted finding token-echo: acceptance expired on 2027-03-31 — ${REASON} (renew it in the profile with a new \`until\`, or fix the finding)`,
  ]);
  expect(renderTable(expired)).toContain(`✗ token-echo: acceptance expired on 2027-03-31 — ${REASON}`);
});
