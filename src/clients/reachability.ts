// Can the target be reached at all? One bounded request per distinct base URL; the first failure as one line.
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
        await http.call(url, { timeoutMs, what });
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
