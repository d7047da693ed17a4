// The k6-operator TestRun as the operator hands it to k6: `arguments` split on single spaces (quotes kept as
// characters, grafana/k6-operator#211), runner.env as the process environment; together they must be a valid plan.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { planFromEnv, SECRET_ENV, usersFromEnv } from '../lib/plan.ts';

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

interface TestRun {
  spec: {
    parallelism: number;
    script: { configMap: { name: string; file: string } };
    arguments: string;
    runner: { env: EnvEntry[] };
  };
}

const manifest = parse(
  readFileSync(new URL('../k8s/testrun-ws-concurrency.yaml', import.meta.url), 'utf8'),
) as TestRun;

/** `-e KEY=VALUE` pairs exactly as the operator's split hands them to k6. */
function eArguments(args: string): Record<string, string> {
  const tokens = args.split(' ');
  const env: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i += 2) {
    expect(tokens[i], `token ${i} of arguments`).toBe('-e');
    const pair = tokens[i + 1] ?? '';
    // A quote would reach k6 as a character; an empty token (a double space) as an empty argument.
    expect(pair, `token ${i + 1} of arguments`).toMatch(/^[A-Z][A-Z0-9_]*=[^\s"']+$/);
    const at = pair.indexOf('=');
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

test('k6-operator TestRun: every argument is one -e KEY=VALUE pair, values with spaces come through runner.env', () => {
  const fromArgs = eArguments(manifest.spec.arguments);
  const entries = manifest.spec.runner.env;
  const fromEnv: Record<string, string> = {};
  for (const e of entries) {
    if (SECRET_ENV.includes(e.name)) {
      // Secrets only from a Secret, never written into the manifest or onto k6's command line.
      expect(e.value, e.name).toBeUndefined();
      expect(e.valueFrom?.secretKeyRef, e.name).toBeDefined();
      fromEnv[e.name] = 'from-the-secret';
    } else {
      expect(e.value, e.name).toEqual(expect.any(String));
      fromEnv[e.name] = e.value ?? '';
    }
  }
  for (const name of Object.keys(fromArgs)) expect(SECRET_ENV, `${name} as -e`).not.toContain(name);
  // k6 reads its environment into __ENV; -e wins over it.
  const env = { ...fromEnv, ...fromArgs };
  const plan = planFromEnv(env);
  expect(plan).toMatchObject({
    scenario: 'ws-concurrency',
    environment: 'staging',
    vus: 1000,
    question: 'Which three cities had the lowest delivery latency last week?',
    followUp: 'And how did that compare with the week before?',
  });
  expect(BUILT_IN_PROFILES[plan.profile], `profile ${plan.profile} is bundled`).toBeDefined();
  expect(manifest.spec.script.configMap.file).toBe(`${plan.scenario}.js`);
  // Each pod judges its own share of the sessions.
  expect(plan.sla.SLA_LOAD_CONCURRENT_CONNECTIONS).toBe(plan.vus / manifest.spec.parallelism);
  expect(usersFromEnv(env)).toEqual([
    { label: 'user1', email: 'golden-path-1@example.com', password: 'from-the-secret' },
    { label: 'user2', email: 'golden-path-2@example.com', password: 'from-the-secret' },
  ]);
});
