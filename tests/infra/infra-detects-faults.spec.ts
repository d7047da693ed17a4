// Self-tests: each failure mode of the reference target turns the infra check red with the diagnosis it names.
// Verdicts here are judged but never written to the SLA ledger: a breach provoked on purpose is not the run's.
import type { ClassId } from '../../src/diagnosis/catalogue.ts';
import type { Verdict } from '../../src/health/verdict.ts';
import { format } from '../../src/sla/judge.ts';
import { expect, test } from '../../fixtures/infra.ts';
import { requires } from '../../fixtures/not-applicable.ts';

/**
 * Self-test only: the readiness bound lowered from the SLA table's value so that a 30 s hang is cut after
 * ~1.75 s instead of ~8.8 s. The check's behaviour is the same; only the wait is shorter.
 */
const SELFTEST_READY_BOUND_MS = 1500;

/** The check went red with the class it names (read from its finding); its message is kept as evidence. */
function expectDetected(v: Verdict, cls: ClassId): void {
  test.info().annotations.push({ type: 'detected', description: v.message });
  expect(v, `${v.check} should fail`).not.toBeHealthy();
  expect(v, v.message).toHaveFailureClass(cls);
}

test.describe('infra suite detects injected failures', { tag: ['@infra', '@selftest'] }, () => {
  // Skipped in a hook, not by a describe-level modifier: a test skipped that way leaves a record, so the run's
  // integrity check (fixtures/global-teardown.ts) counts it as present and skipped, not as missing.
  test.beforeEach(({ config }) => {
    test.skip(!config.local, 'self-tests switch failure modes of the local reference target');
  });

  test('healthy target: every infra check passes', async ({ healthFor, config }) => {
    const health = healthFor();
    const verdicts = [
      await health.liveness(),
      await health.readiness(),
      await health.infrastructure(),
      await health.headerForwarding(config.users[0]),
      await health.versions(),
      await health.cors(),
      health.serverErrors(),
    ];
    expect(verdicts.filter((v) => !v.ok).map((v) => v.message)).toEqual([]);
  });

  test('F6 a dependency hanging 30 s: readiness is cut at its bound and reported as such', async ({
    faults,
    healthFor,
    config,
  }) => {
    await faults.set('ready-dependency-timeout:30000');
    const def = config.sla['health.ready.latency'];
    const health = healthFor({
      sla: { ...config.sla, 'health.ready.latency': { ...def, target: SELFTEST_READY_BOUND_MS } },
    });
    const v = await health.readiness();
    expectDetected(v, 'F6');
    expect(v.message).toContain('/health/ready gave no answer and was cut after');
    expect(v.message).toContain('liveness answered in');
    expect(v.message).toContain('SLA health.ready.latency breached on local');
  });

  test('F6 a slow dependency answering 503: readiness names it with its latency', async ({
    faults,
    healthFor,
  }) => {
    await faults.set('ready-dependency-timeout:300');
    const v = await healthFor().readiness();
    expectDetected(v, 'F6');
    expect(v.message).toContain('/health/ready answered 503 "not_ready"');
  });

  test('F7 cold start: a 5xx burst is counted with statuses and times', async ({ faults, healthFor }) => {
    await faults.set('cold-start-5xx:5');
    const health = healthFor();
    const live = await health.liveness();
    const bursts = health.serverErrors();
    expectDetected(bursts, 'F7');
    expect(bursts.message).toContain('answers were 5xx (503 ×3, 500 ×2)');
    expect(bursts.message).toContain('SLA ws.no_internal_errors breached on local: 5 > 0');
    expectDetected(live, 'F7');
    expect(live.message).toContain('answers not healthy, first:');
  });

  test('F4 Authorization header stripped: the check names that header', async ({
    faults,
    healthFor,
    config,
  }) => {
    await faults.set('strip-auth-header');
    const v = await healthFor().headerForwarding(config.users[0]);
    expectDetected(v, 'F4');
    expect(v.message).toContain('the Authorization header did not reach the backend');
    expect(v.message).toContain('the Authorization header did not reach the service at');
    expect(v.message).not.toContain('Sec-WebSocket-Protocol header did not reach');
  });

  test('F4 subprotocol header stripped: the check names that header', async ({
    faults,
    healthFor,
    config,
  }) => {
    await faults.set('strip-subprotocol');
    const v = await healthFor().headerForwarding(config.users[0]);
    expectDetected(v, 'F4');
    expect(v.message).toContain('the Sec-WebSocket-Protocol header did not reach the backend');
    expect(v.message).not.toContain('the Authorization header did not reach');
  });

  test('F12 version drift: every service value is listed', async ({ faults, healthFor, config }) => {
    requires(config.profile, 'versionEndpoint');
    await faults.set('version-drift');
    const v = await healthFor().versions();
    expectDetected(v, 'F12');
    expect(v.message).toContain('services disagree: API');
  });

  test('F12 EXPECTED_VERSION set and not deployed: every service differs', async ({ healthFor, config }) => {
    requires(config.profile, 'versionEndpoint');
    const v = await healthFor({
      settings: { ...config.settings, EXPECTED_VERSION: '0.0.0-selftest' },
    }).versions();
    expectDetected(v, 'F12');
    expect(v.message).toContain('expected 0.0.0-selftest (EXPECTED_VERSION)');
  });

  test('F8 slow database connection: database degraded with the reported connection time', async ({
    faults,
    healthFor,
    config,
  }) => {
    requires(config.profile, 'infraStatus', 'databaseStatus');
    const bound = config.sla['infra.db.connection_time'];
    // The database takes a second longer to connect than its SLA allows.
    await faults.set(`db-slow:${bound.target + 1000}`);
    const v = await healthFor().infrastructure();
    expectDetected(v, 'F8');
    expect(v.message).toContain('SLA infra.db.connection_time breached on local');
    expect(v.message).toContain(`> ${format(bound.target, bound.unit)}`);
  });

  test('F2 auth service down: liveness and infrastructure name it', async ({ faults, healthFor }) => {
    await faults.set('auth-down');
    const health = healthFor();
    const live = await health.liveness();
    expectDetected(live, 'F2');
    expect(live.message).toContain('auth service answers not healthy');
    const infra = await health.infrastructure();
    expectDetected(infra, 'F2');
    expect(infra.message).toContain('auth service reports "unhealthy"');
  });
});
