// The gate as users run it, for the cases that need no test run: unreachable target, misconfiguration, misuse → exit 2, one line.
import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { closedPort, runScript } from '../testing/run-script.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs the gate as a user would (async: a receiver in this process must be able to answer it). */
async function gate(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string; ms: number; out: string }> {
  const out = mkdtempSync(join(tmpdir(), 'gp-gate-'));
  return { ...(await runScript(ROOT, 'scripts/gate.ts', ['--out', out, ...args], env)), out };
}

const unreachable = async (): Promise<Record<string, string>> => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  return {
    WEB_URL: url,
    API_URL: url,
    AUTH_URL: url,
    TEST_USER_EMAIL: 'a@example.com',
    TEST_USER_PASSWORD: 'not-a-real-password-1',
    TEST_USER2_EMAIL: 'b@example.com',
    TEST_USER2_PASSWORD: 'not-a-real-password-2',
  };
};

test('an unreachable target: exit 2 within 15 s, one line naming the URL, a verdict file saying why', async () => {
  const env = await unreachable();
  const url = env.API_URL as string;
  const r = await gate(['--env', 'staging'], env);
  try {
    expect(r.status).toBe(2);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^golden-path: gate: TARGET_UNREACHABLE: .*${url.replace(/[.:/]/g, '\\$&')}.*connection refused.* → exit 2`,
      ),
    );
    expect(r.stderr).not.toContain('not-a-real-password');
    const verdict = JSON.parse(readFileSync(join(r.out, 'verdict.json'), 'utf8')) as {
      verdict: string;
      exitCode: number;
    };
    expect(verdict).toMatchObject({ verdict: 'harness-error', exitCode: 2 });
    expect(readFileSync(join(r.out, 'junit.xml'), 'utf8')).toContain(
      '<failure message="harness-error: TARGET_UNREACHABLE',
    );
  } finally {
    rmSync(r.out, { recursive: true, force: true });
  }
});

test('a missing setting and a misused command line are exit 2 with one line too', async () => {
  const missing = await gate(['--env', 'qa'], {});
  expect(missing.status).toBe(2);
  expect(missing.stderr.trim()).toMatch(
    /^golden-path: gate: CONFIG_MISSING: \w+ is not set for environment "qa"; set it in \.env\.qa/,
  );
  expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  const misuse = await gate([], {});
  expect(misuse.status).toBe(2);
  expect(misuse.stderr).toMatch(/^golden-path: gate: --env is required; usage: npm run gate/);
  for (const r of [missing, misuse]) rmSync(r.out, { recursive: true, force: true });
});

test('a red gate posts one alert; an alert that cannot be delivered is printed and the exit code stays', async () => {
  const received: Array<{ text: string; goldenPath: { verdict: string } }> = [];
  const statuses = [200, 500, 500];
  const receiver = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      res.writeHead(statuses[received.length - 1] ?? 500).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const webhook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  try {
    const delivered = await gate(['--env', 'staging', '--report-url', 'https://ci.example.com/run/1'], {
      ...(await unreachable()),
      ALERT_WEBHOOK_URL: webhook,
    });
    expect(delivered.status).toBe(2);
    expect(delivered.stderr.trim().split('\n')).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toContain('golden-path gate on *staging*: HARNESS ERROR (exit 2)');
    expect(received[0]?.text).toContain('Report: https://ci.example.com/run/1');

    const refused = await gate(['--env', 'staging'], {
      ...(await unreachable()),
      ALERT_WEBHOOK_URL: webhook,
    });
    expect(refused.status, 'the verdict survives a failed alert').toBe(2);
    expect(received).toHaveLength(3);
    const lines = refused.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^golden-path: gate: TARGET_UNREACHABLE/);
    expect(lines[1]).toBe('golden-path: alert not delivered after 2 attempts: the webhook answered HTTP 500');
    expect(refused.stderr).not.toContain(webhook);
    for (const r of [delivered, refused]) rmSync(r.out, { recursive: true, force: true });
  } finally {
    receiver.close();
  }
});

test("a run that selected nothing: the gate reads the teardown's F13 finding, not a load error", async () => {
  test.setTimeout(60_000);
  const r = await gate(['--env', 'local', '--', 'tests/websocket', '--grep', '@nothing-matches'], {});
  try {
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/golden-path: gate: NO_TESTS_RAN: .* → exit 2/);
    const verdict = JSON.parse(readFileSync(join(r.out, 'verdict.json'), 'utf8')) as {
      reasons: string[];
      likelyCauses: Array<{ id: string }>;
    };
    expect(verdict.reasons[0]).toMatch(/^NO_TESTS_RAN/);
    expect(verdict.reasons.join('\n')).not.toContain('could not load every suite');
    expect(verdict.likelyCauses.map((c) => c.id)).toEqual(['F13']);
  } finally {
    rmSync(r.out, { recursive: true, force: true });
  }
});
