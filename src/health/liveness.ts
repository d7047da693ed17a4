// Judges liveness answers (the body's own status, not only the HTTP code) and 5xx bursts across a check's calls.
import type { HealthEndpoint } from '../../profiles/define.ts';
import { readFirst } from '../protocol/json-path.ts';
import { formatSeconds } from '../format/duration.ts';

/** One HTTP answer as a check sees it; `error` when there was none (timeout, refused). */
export interface Answer {
  url: string;
  status?: number;
  text?: string;
  json?: unknown;
  ms: number;
  error?: string;
}

/** Why an answer is not "live", or undefined when it is: 2xx and a healthy status in the body. */
export function liveProblem(endpoint: HealthEndpoint, a: Answer): string | undefined {
  if (a.error !== undefined) return `${a.url}: ${a.error}`;
  const own = bodyStatus(endpoint, a);
  const seen = own === undefined ? '' : ` "${own}"`;
  if (a.status === undefined || a.status < 200 || a.status > 299)
    return `${a.url} answered ${a.status ?? 'nothing'}${seen}`;
  const healthy = endpoint.healthyValues.map((v) => v.toLowerCase());
  const where = endpoint.statusPath ? `status at ${endpoint.statusPath.join(' | ')}` : 'plain-text body';
  if (own === undefined)
    return `${a.url} answered ${a.status} without a ${where} (healthy: ${endpoint.healthyValues.join(', ')})`;
  if (!healthy.includes(own.toLowerCase())) {
    return `${a.url} answered ${a.status} but reports${seen} (healthy: ${endpoint.healthyValues.join(', ')})`;
  }
  const missing = (endpoint.requiredPaths ?? []).filter((p) => readFirst(a.json, [p]) === undefined);
  if (missing.length > 0)
    return `${a.url} answered ${a.status}${seen} without ${missing.join(', ')} in its body`;
  return undefined;
}

/** The status the body itself reports: the value at the profile's path, or the trimmed plain-text body. */
export function bodyStatus(endpoint: HealthEndpoint, a: Answer): string | undefined {
  if (!endpoint.statusPath) {
    const text = a.text?.trim();
    return text === undefined || text === '' || text.length > 40 ? undefined : text;
  }
  const value = readFirst(a.json, endpoint.statusPath);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/** A logged exchange, as src/clients/http.ts keeps it. */
export interface LoggedCall {
  method: string;
  url: string;
  status: number | undefined;
  startedAt: string;
}

export interface ServerErrorReport {
  /** Calls that answered 5xx. */
  count: number;
  total: number;
  /** Undefined when there were none. */
  problem?: string;
}

const LISTED = 8;

/** Any 5xx among a check's calls is a finding: count, statuses, and when each happened (the cold-start signature). */
export function serverErrors(calls: readonly LoggedCall[]): ServerErrorReport {
  const answered = calls.filter((c) => c.status !== undefined);
  const bad = answered.filter((c) => (c.status as number) >= 500);
  if (bad.length === 0) return { count: 0, total: answered.length };
  const t0 = Math.min(...answered.map((c) => Date.parse(c.startedAt)));
  const byStatus = new Map<number, number>();
  for (const c of bad) byStatus.set(c.status as number, (byStatus.get(c.status as number) ?? 0) + 1);
  const statuses = [...byStatus.entries()].map(([s, n]) => `${s} ×${n}`).join(', ');
  const listed = bad
    .slice(0, LISTED)
    .map(
      (c) => `${c.status} ${c.method} ${pathOf(c.url)} at +${formatSeconds(Date.parse(c.startedAt) - t0, 2)}`,
    )
    .join(', ');
  const more = bad.length > LISTED ? `, … ${bad.length - LISTED} more` : '';
  const first = new Date(Date.parse(bad[0]?.startedAt ?? '')).toISOString();
  return {
    count: bad.length,
    total: answered.length,
    problem: `${bad.length} of ${answered.length} answers were 5xx (${statuses}): ${listed}${more}; first at ${first}`,
  };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
