// For `local`: starts the bundled reference target seeded with the harness's test users, and the config for it.
import { loadConfig, type Config } from '../../src/config/index.ts';
import { launchReferenceTarget, type LocalTarget } from '../../src/local-target/launcher.ts';

export interface LocalRun {
  target: LocalTarget;
  config: Config;
}

export interface LocalOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** GP_FAULTS for the target: failure modes on from the start (to prove a threshold fails). */
  faults?: string;
  /** Further REF_* settings (e.g. faster agent phases for a benchmark). */
  targetEnv?: Record<string, string>;
}

export async function startLocalTarget(options: LocalOptions): Promise<LocalRun> {
  // The target seeds the users the config names, so both sides agree without any setup.
  const draft = await loadConfig({
    environment: 'local',
    env: options.env,
    cwd: options.root,
    localBaseUrl: 'http://127.0.0.1',
  });
  const users = draft.users
    .filter((u) => u.email && u.password)
    .map((u) => `${u.email}:${u.password?.reveal()}`)
    .join(',');
  const target = await launchReferenceTarget({
    root: options.root,
    env: { REF_USERS: users, ...options.targetEnv, ...(options.faults ? { GP_FAULTS: options.faults } : {}) },
  });
  try {
    const config = await loadConfig({
      environment: 'local',
      env: options.env,
      cwd: options.root,
      localBaseUrl: target.url,
    });
    return { target, config };
  } catch (error) {
    await target.stop();
    throw error;
  }
}
