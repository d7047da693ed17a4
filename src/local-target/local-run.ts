// `local` = the bundled reference target, seeded with the harness's own users, and the config pointed at it.
// One way to start it, shared by the Playwright fixtures, the load launcher and the benchmarks.
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../config/index.ts';
import { localTargetSettings, sharedLocalTarget } from '../config/runner-env.ts';
import { LocalTarget, launchReferenceTarget } from './launcher.ts';

export interface LocalRun {
  target: LocalTarget;
  config: Config;
  /** The signing secret the target was started with (a secret: handed on in a child's environment only). */
  jwtSecret: string;
}

export interface LocalRunOptions {
  /** Repository root (where reference-target/ and the env files live). */
  root: string;
  /** Settings that win over the env files (e.g. TARGET_PROFILE for a dialect run). */
  overrides?: Record<string, string>;
  /** Further REF_* settings for the target (its dialect, faster phases for a benchmark). */
  targetEnv?: Record<string, string>;
  /** GP_FAULTS for the target: failure modes on from the start. */
  faults?: string;
}

export async function startLocalRun(options: LocalRunOptions): Promise<LocalRun> {
  // A monitor keeps one target across its runs (faults then switch at run time): its child runs use that one.
  const own = options.faults !== undefined || Object.keys(options.targetEnv ?? {}).length > 0;
  const shared = own ? undefined : sharedLocalTarget();
  if (shared) {
    const overrides = { JWT_SECRET: shared.jwtSecret, ...options.overrides };
    return {
      target: new LocalTarget(shared.url, undefined, shared.adminToken, [], undefined, shared.authHealthPath),
      config: await loadConfig({
        environment: 'local',
        cwd: options.root,
        overrides,
        localBaseUrl: shared.url,
        targetDefaults: targetDefaults(shared.authHealthPath),
      }),
      jwtSecret: shared.jwtSecret,
    };
  }
  // The harness knows its own target's signing secret, so it can forge the expired tokens a target must refuse.
  const secret = randomBytes(24).toString('base64url');
  const overrides = { JWT_SECRET: secret, ...options.overrides };
  // The target seeds the harness's own test users (and the isolation users), so both sides agree without setup.
  const draft = await loadConfig({
    environment: 'local',
    cwd: options.root,
    overrides,
    localBaseUrl: 'http://127.0.0.1',
  });
  const users = [...draft.users, ...draft.isolationUsers()]
    .filter((u) => u.email && u.password)
    .map((u) => `${u.email}:${u.password?.reveal()}`)
    .join(',');
  const target = await launchReferenceTarget({
    root: options.root,
    env: {
      ...localTargetSettings(options.root, overrides),
      REF_USERS: users,
      REF_JWT_SECRET: secret,
      ...options.targetEnv,
      ...(options.faults ? { GP_FAULTS: options.faults } : {}),
    },
  });
  try {
    return {
      target,
      jwtSecret: secret,
      config: await loadConfig({
        environment: 'local',
        cwd: options.root,
        overrides,
        localBaseUrl: target.url,
        targetDefaults: targetDefaults(target.authHealthPath),
      }),
    };
  } catch (error) {
    await target.stop();
    throw error;
  }
}

/**
 * What the target announced of itself, as settings under every file: one port serves its auth service and API, so
 * the auth service's health is where the target says — and the profile's own path wherever it has no such service.
 */
function targetDefaults(authHealthPath: string | undefined): Record<string, string> {
  return authHealthPath ? { AUTH_HEALTH_PATH: authHealthPath } : {};
}
