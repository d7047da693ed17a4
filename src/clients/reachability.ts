// The run's first request, judged: one bounded request per distinct base URL; a target that is down, refusing,
// unresolvable, failing TLS or answering 5xx is the first failure as one line and a finding. The bound is kept well
// under the 10 s in which an unreachable target must turn a run red (F13); a 5xx is never "reachable enough".
import { diagnoseIntermediary } from '../diagnosis/intermediaries.ts';
import { finding, type Finding } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';
import type { Config } from '../config/index.ts';
import { ClientError } from './errors.ts';
import { HttpClient, httpFact, type Exchange } from './http.ts';

/** Why the first request failed: one line naming the service, the URL and what it answered, and its finding. */
export interface Unreachable {
  line: string;
  finding: Finding;
}

/** Each service's first call; `http.exchanges` keeps them for the first-request SLA (firstRequestMs). */
export async function checkReachable(
  config: Config,
  timeoutMs: number,
  http = new HttpClient(),
): Promise<Unreachable | undefined> {
  const targets = new Map<string, string>([
    [config.urls.api + config.profile.health.api.live.path, 'API'],
    [config.urls.auth + config.profile.health.auth.live.path, 'auth service'],
    [config.urls.web, 'frontend'],
  ]);
  const results = await Promise.all(
    [...targets.entries()].map(async ([url, what]): Promise<Unreachable | undefined> => {
      try {
        const res = await http.call(url, { timeoutMs, what });
        if (res.status >= 500) {
          const exchange = http.exchanges.find((x) => x.url === url && x.what === what);
          return unavailable(
            exchange ?? { what, method: 'GET', url, status: res.status, ms: res.ms, startedAt: '', at: 0 },
          );
        }
        // A 404 on a health path is a wrong URL or profile, not a product failure: say so before any test runs.
        if (res.status === 404 && what !== 'frontend') {
          const line = `${what} ${url}: answered 404 — is the URL right, and does the profile (${config.profileFile}) name this target's health path?`;
          return { line, finding: finding('F13', 'target.health-path.404', line) };
        }
        return undefined;
      } catch (error) {
        if (!(error instanceof ClientError)) throw error;
        const reason =
          typeof error.evidence.reason === 'string'
            ? error.evidence.reason
            : `no answer within ${timeoutMs} ms`;
        const line = `${what} ${url}: ${reason}`;
        // The network's own class where http.ts named one (refused/DNS → F13, TLS/reset → F21), the line as summary.
        const cls = error.finding && error.finding.class !== 'unclassified' ? error.finding.class : 'F13';
        const code = error.finding?.code ?? 'target.unreachable';
        return { line, finding: finding(cls, code, line, error.finding?.evidence) };
      }
    }),
  );
  return results.find((r) => r !== undefined);
}

/** 502/504 are a proxy's word for its upstream (F18); 500/503 and any other 5xx, the service itself failing (F7). */
function unavailable(x: Exchange): Unreachable {
  const upstream = diagnoseIntermediary({ http: [httpFact(x)] });
  if (upstream) return { line: upstream.summary, finding: upstream };
  const line = `${x.what}: ${x.method} ${x.url} answered ${x.status}: the service is unavailable (starting or failing)`;
  return { line, finding: finding('F7', `startup.${x.status}`, line) };
}

/** The first request's latency: the slowest of the services' first calls that were answered (undefined if none). */
export function firstRequestMs(http: HttpClient): number | undefined {
  const answered = http.exchanges.filter((x) => x.status !== undefined);
  return answered.length > 0 ? Math.max(...answered.map((x) => x.ms)) : undefined;
}

/** No answer at all (refused, DNS, TLS, timeout) is TARGET_UNREACHABLE; an answer that was a failure, TARGET_UNAVAILABLE. */
export function unreachableCode(f: Finding): 'TARGET_UNREACHABLE' | 'TARGET_UNAVAILABLE' {
  return f.class === 'F13' || f.class === 'F21' ? 'TARGET_UNREACHABLE' : 'TARGET_UNAVAILABLE';
}

/** The run's preflight: a target that fails its first request is an error naming the URL, its answer and the settings. */
export async function expectReachable(
  config: Config,
  timeoutMs: number,
  http = new HttpClient(),
): Promise<void> {
  const failed = await checkReachable(config, timeoutMs, http);
  if (failed) {
    const f = note(failed.finding);
    throw new ClientError(
      unreachableCode(f),
      withCause(`${failed.line} (environment "${config.environment}", settings in ${config.envFile})`, f),
      {},
      f,
    );
  }
}
