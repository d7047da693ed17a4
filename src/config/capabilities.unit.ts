// Capabilities: the built-in profiles mean what they meant before capabilities existed, declared values win over
// derived ones, and docs/profile.md's checks × capabilities table and the specs' n/a calls stay in step with the code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { defineProfile, type Profile } from '../../profiles/define.ts';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import {
  CAPABILITIES,
  CAPABILITY_NAMES,
  DERIVED_ONLY,
  capabilitiesOf,
  capabilityTable,
  notApplicableReason,
  notApplicableSlas,
} from './capabilities.ts';
import { profileSchema } from './profile-schema.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const base = BUILT_IN_PROFILES.default as Profile;

test('the built-in profiles offer what their fields say, as before capabilities existed', () => {
  // Every capability present, but a server keepalive to answer (only lumen's server pings) and netra-apex's events,
  // which carry no event id of their own; lumen (no UI, a cookie session, events with no ids, names or threads, one
  // bare readiness flag, a user's turns on every socket of that user) lacks most of them by its fields.
  const absent: Record<string, readonly string[]> = {
    default: ['serverKeepalive'],
    'netra-apex': ['eventIds', 'serverKeepalive'],
    lumen: [
      'ownStreamPerSocket',
      'webUi',
      'headerAuth',
      'subprotocolAuth',
      'jwt',
      'threads',
      'agentNames',
      'eventIds',
      'infraStatus',
      'versionEndpoint',
      'expiredTokenRefusal',
      'databaseStatus',
      'cors',
    ],
  };
  for (const p of Object.values(BUILT_IN_PROFILES)) {
    const caps = capabilitiesOf(p);
    for (const c of CAPABILITY_NAMES) expect(caps[c], `${p.name}: ${c}`).toBe(!absent[p.name]?.includes(c));
    if (p.name !== 'lumen') expect(notApplicableSlas(p), p.name).toEqual([]);
    else expect(notApplicableSlas(p).length, 'lumen: the infrastructure SLAs are n/a').toBeGreaterThan(0);
  }
});

test('a declared capability wins; followers take their leader unless declared; n/a SLAs carry the reason', () => {
  const { ui: _ui, ...noUi } = base;
  void _ui;
  const lumenLike = defineProfile({
    ...noUi,
    name: 'lumen-like',
    capabilities: { jwt: false, infraStatus: false, versionEndpoint: false },
  });
  const caps = capabilitiesOf(lumenLike);
  expect(caps).toMatchObject({
    webUi: false,
    cors: false,
    jwt: false,
    expiredTokenRefusal: false,
    infraStatus: false,
    databaseStatus: false,
    subprotocolAuth: true,
  });
  expect(
    capabilitiesOf({ ...lumenLike, capabilities: { jwt: false, expiredTokenRefusal: true } }),
  ).toMatchObject({ jwt: false, expiredTokenRefusal: true });
  expect(notApplicableSlas(lumenLike)).toEqual([
    { id: 'infra.db.connection_time', reason: 'n/a: infraStatus (profile lumen-like)' },
    { id: 'infra.db.pool_utilization', reason: 'n/a: infraStatus (profile lumen-like)' },
  ]);
  expect(notApplicableReason(lumenLike, 'webUi', 'no UI')).toBe('n/a: webUi (profile lumen-like) — no UI');
});

test('the schema accepts exactly the declarable capabilities, and refuses webUi: true without a ui', () => {
  const def = (
    profileSchema.shape.capabilities as unknown as { _zod: { def: { innerType: { shape: object } } } }
  )._zod.def;
  const declarable = CAPABILITY_NAMES.filter((c) => !(DERIVED_ONLY as readonly string[]).includes(c));
  expect(Object.keys(def.innerType.shape).sort()).toEqual([...declarable].sort());
  const { ui: _ui, ...noUi } = base;
  void _ui;
  const refused = profileSchema.safeParse({ ...noUi, capabilities: { webUi: true } });
  expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['ui']);
  expect(profileSchema.safeParse(noUi).success).toBe(true);
});

/** A markdown table's cells, trimmed (prettier pads them). */
const cells = (table: string) =>
  table
    .trim()
    .split('\n')
    .filter((l) => !/^\|\s*-/.test(l))
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );

test('docs/profile.md holds the checks × capabilities table of the code', () => {
  const doc = readFileSync(join(ROOT, 'docs/profile.md'), 'utf8');
  const section = /<!-- capabilities:start -->([\s\S]*?)<!-- capabilities:end -->/.exec(doc)?.[1] ?? '';
  expect(cells(section), `paste into docs/profile.md:\n${capabilityTable()}`).toEqual(
    cells(capabilityTable()),
  );
});

test('every n/a a spec declares is in the table, and every test the table names declares it', () => {
  const specs = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? specs(`${dir}/${e.name}`) : e.name.endsWith('.spec.ts') ? [`${dir}/${e.name}`] : [],
    );
  const inSpecs = new Set<string>();
  for (const file of specs('tests')) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const call of text.matchAll(/\b(?:requires|notApplicable)\(([^)]*)\)/g))
      for (const name of (call[1] ?? '').matchAll(/'([A-Za-z]+)'/g)) inSpecs.add(`${file} ${name[1]}`);
  }
  const inTable = new Set(
    CAPABILITY_NAMES.flatMap((c) => CAPABILITIES[c].tests.map((t) => `${t.split(/ [›(]/)[0]} ${c}`)),
  );
  // The chat page fixture declares webUi for the browser journey.
  inSpecs.add('tests/golden-path/ui-journey.spec.ts webUi');
  expect(
    [...inSpecs].filter((x) => !inTable.has(x)),
    'declared by a spec, missing in the table',
  ).toEqual([]);
  expect(
    [...inTable].filter((x) => !inSpecs.has(x)),
    'in the table, declared by no spec',
  ).toEqual([]);
});
