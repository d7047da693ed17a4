// `npm run doctor` as a user runs it (spawned): every part OK against the reference target with its own profile,
// the wrong parts named with the wrong dialect's profile, bounded against a silent or refused target, exit 2 on bad input.
import { createServer, type Server, type Socket } from 'node:net';
import { expect, test } from '@playwright/test';
import { closedPort, runScript } from '../testing/run-script.ts';
import { doctorExit, type PartReport } from './doctor.ts';
import { renderDoctorTable } from './table.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
/** The doctor's bound against a silent target is 30 s; past it the run is killed and the test fails. */
const BOUND_MS = 30_000;

const doctor = (args: string[], env: Record<string, string> = {}) =>
  runScript(ROOT, 'scripts/doctor.ts', args, env, BOUND_MS);

const remote = (url: string) => ({
  API_URL: url,
  AUTH_URL: url,
  WEB_URL: url,
  TEST_USER_EMAIL: 'doctor@example.com',
  TEST_USER_PASSWORD: 'doctor-pass',
  TEST_USER2_EMAIL: 'doctor2@example.com',
  TEST_USER2_PASSWORD: 'doctor-pass',
});

test.describe.configure({ mode: 'parallel' });

const PARTS = ['health', 'login', 'me', 'ws auth', 'welcome frame', 'question', 'keepalive'];

/** Each dialect of the reference target with its own profile (the target's dialect is its REF_DIALECT). */
for (const dialect of ['default', 'netra-apex', 'lumen'])
  test(`the ${dialect} target with the ${dialect} profile: every part OK, exit 0`, async () => {
    const run = await doctor(['--env', 'local', '--profile', dialect], { REF_DIALECT: dialect });
    expect(run.stdout, run.stderr).toContain(`profile ${dialect}\n`);
    expect(run.stdout, run.stderr).toContain('every part OK (7)');
    for (const part of PARTS) expect(run.stdout).toMatch(new RegExp(`^✓ ${part} `, 'm'));
    if (dialect !== 'lumen')
      expect(run.stdout, 'the token is never printed').toContain('"access_token":"[redacted]"');
    expect(run.status).toBe(0);
  });

test('the lumen profile against a default-dialect target: the wrong parts named with the fitting change, exit 1', async () => {
  const run = await doctor(['--env', 'local', '--profile', 'lumen'], { REF_DIALECT: 'default' });
  expect(run.stdout, run.stderr).toMatch(/^✗ health .*\/livez.*\n.*404/m);
  expect(run.stdout).toMatch(/^✗ login .*\/api\/session/m);
  expect(run.stdout).toContain('fix:     the target has no POST /api/session: set auth.strategies[].path');
  for (const part of PARTS.slice(2))
    expect(run.stdout).toMatch(new RegExp(`^- ${part} .*\n.*not tried`, 'm'));
  expect(run.stdout).toContain('7 of 7 part(s) not OK: health, login, me');
  expect(run.ms, 'within the bound').toBeLessThan(BOUND_MS);
  expect(run.status).toBe(1);
});

test('the netra-apex profile against a default-dialect target: the wrong parts named with the fitting change, exit 1', async () => {
  const run = await doctor(['--env', 'local', '--profile', 'netra-apex']);
  expect(run.stdout, run.stderr).toMatch(/^✓ login /m);
  expect(run.stdout).toMatch(/^✗ ws auth /m);
  expect(run.stdout).toContain(
    'fix:     the target echoed no subprotocol: set capabilities.subprotocolAuth=false',
  );
  expect(run.stdout).toMatch(/^- question .*\n.*not tried: no ready socket/m);
  expect(run.stdout).toMatch(/part\(s\) not OK: ws auth/);
  expect(run.status).toBe(1);
});

test('a target that accepts and never answers: every part fails or is not tried, within the bound, exit 1', async () => {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const run = await doctor(['--env', 'staging'], remote(`http://127.0.0.1:${port}`));
    expect(run.stdout, run.stderr).toMatch(/^✗ health .*\n.*no answer within/m);
    expect(run.stdout).toMatch(/^✗ login .*\n.*gave no answer within/m);
    expect(run.stdout).toContain('7 of 7 part(s) not OK');
    expect(run.status, 'exited by itself within the bound').toBe(1);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('a refused port: named as refused, exit 1', async () => {
  const run = await doctor(['--env', 'staging'], remote(`http://127.0.0.1:${await closedPort()}`));
  expect(run.stdout, run.stderr).toMatch(/^✗ login .*\n.*connection refused/m);
  expect(run.status).toBe(1);
});

test('bad input is one line and exit 2: an unknown flag, a profile that does not exist', async () => {
  const flag = await doctor(['--bogus']);
  expect(flag.stderr.trim()).toBe('golden-path: doctor: unknown option --bogus (see --help)');
  expect(flag.status).toBe(2);
  const missing = await doctor(['--env', 'local', '--profile', '/nonexistent/acme.ts']);
  expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  expect(missing.stderr).toContain('TARGET_PROFILE="/nonexistent/acme.ts"');
  expect(missing.status).toBe(2);
});

test('a part the profile declares absent (a client that never pings) is n/a: neither OK nor a failure, exit 0', () => {
  const ok: PartReport = { part: 'health', expects: 'GET /health', saw: '200', status: 'ok' };
  const na: PartReport = { part: 'keepalive', expects: 'no client ping', saw: 'n/a: …', status: 'n/a' };
  const table = renderDoctorTable('http://127.0.0.1:1', 'quiet', [ok, na]);
  expect(table).toMatch(/^· keepalive /m);
  expect(table).toContain('every part OK (1, 1 n/a)');
  expect(doctorExit([ok, na])).toBe(0);
  expect(doctorExit([ok, { ...na, status: 'not tried' }]), 'a part not tried is no pass').toBe(1);
});
