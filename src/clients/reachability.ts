// Can the target be reached at all? One bounded request per distinct base URL; the first failure as one line.
// The bound is kept well under the 10 s in which an unreachable target must turn a run red (F13).
import { finding } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';
import type { Config } from '../config/index.ts';
import { ClientError } from './errors.ts';
import { HttpClient } from './http.ts';

export async function checkReachable(config: Config, timeoutMs: number): Promise<string | undefined> {
  const http = new HttpClient();
  const targets = new Map<string, string>([
    [config.urls.api + config.profile.health.api.live.path, 'API'],
    [config.urls.auth + config.profile.health.auth.live.path, 'auth service'],
    [config.urls.web, 'frontend'],
  ]);
  const results = await Promise.all(
    [...targets.entries()].map(async ([url, what]) => {
      try {
        const res = await http.call(url, { timeoutMs, what });
        // A 404 on a health path is a wrong URL or profile, not a product failure: say so before any test runs.
        if (res.status === 404 && what !== 'frontend')
          return `${what} ${url}: answered 404 — is the URL right, and does the profile (${config.profileFile}) name this target's health path?`;
        return undefined;
      } catch (error) {
        if (error instanceof ClientError)
          return `${what} ${url}: ${typeof error.evidence.reason === 'string' ? error.evidence.reason : `no answer within ${timeoutMs} ms`}`;
        throw error;
      }
    }),
  );
  return results.find((r) => r !== undefined);
}

/** The run's preflight: a target that does not answer is a TARGET_UNREACHABLE error naming the URL and the settings. */
export async function expectReachable(config: Config, timeoutMs: number): Promise<void> {
  const unreachable = await checkReachable(config, timeoutMs);
  if (unreachable) {
    const f = note(finding('F13', 'target.unreachable', unreachable));
    throw new ClientError(
      'TARGET_UNREACHABLE',
      withCause(`${unreachable} (environment "${config.environment}", settings in ${config.envFile})`, f),
      {},
      f,
    );
  }
}
