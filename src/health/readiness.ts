// Reads a readiness answer through the profile: overall status, each dependency's status and latency, what is wrong.
import type { DependencyList, ProfileDefinition } from '../../profiles/define.ts';
import { readFirst, readPath } from '../protocol/json-path.ts';
import type { Answer } from './liveness.ts';
import { parseDurationMs } from './units.ts';
import { formatDuration } from '../format/duration.ts';
import { cause, type Cause } from './verdict.ts';

export type ReadySpec = ProfileDefinition['health']['api']['ready'];

export interface Dependency {
  name: string;
  status: string;
  latencyMs?: number;
  ok: boolean;
}

/** The dependency list of a body (map or array, as the profile says); undefined when the body has none there. */
export function readDependencies(body: unknown, list: DependencyList): Dependency[] | undefined {
  const at = readPath(body, list.at);
  const ok = list.okValues.map((v) => v.toLowerCase());
  const one = (name: string, entry: unknown): Dependency => {
    const raw = readPath(entry, list.statusPath);
    const status =
      typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : '(no status)';
    const latencyMs = list.latencyPath ? parseDurationMs(readPath(entry, list.latencyPath), 'ms') : undefined;
    return {
      name,
      status,
      ok: ok.includes(status.toLowerCase()),
      ...(latencyMs !== undefined ? { latencyMs } : {}),
    };
  };
  if (list.shape === 'map') {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    return Object.entries(at as Record<string, unknown>).map(([name, entry]) => one(name, entry));
  }
  if (!Array.isArray(at)) return undefined;
  return at.map((entry: unknown, i) => {
    const name = list.namePath ? readPath(entry, list.namePath) : undefined;
    return one(typeof name === 'string' && name !== '' ? name : `#${i + 1}`, entry);
  });
}

/** "cache timeout (1.0 s), database unhealthy (3 ms)". */
export function describeDependencies(deps: readonly Dependency[]): string {
  return deps
    .map(
      (d) => `${d.name} ${d.status}${d.latencyMs !== undefined ? ` (${formatDuration(d.latencyMs)})` : ''}`,
    )
    .join(', ');
}

export function slowest(deps: readonly Dependency[]): Dependency | undefined {
  return [...deps]
    .filter((d) => d.latencyMs !== undefined)
    .sort((a, b) => (b.latencyMs ?? 0) - (a.latencyMs ?? 0))[0];
}

/**
 * What a failed readiness answer points to: a 5xx without a readiness body is the service down (F7); a not-ready
 * database is the database (F8); anything else — a hang, a not-ready cache — a blocked readiness (F6).
 */
export function readinessDiagnosis(
  spec: ReadySpec,
  answer: Answer | undefined,
  deps: readonly Dependency[] | undefined,
): Cause {
  if ((deps ?? []).some((d) => !d.ok && /database|postgres|mysql|\bdb\b/i.test(d.name)))
    return cause('database degraded', 'F8');
  if (
    answer &&
    answer.error === undefined &&
    (answer.status ?? 0) >= 500 &&
    readinessStatus(spec, answer.json) === undefined
  ) {
    return cause('service unavailable', 'F7');
  }
  return cause('readiness blocked', 'F6');
}

/** The body's own readiness value, read at the profile's status path. */
export function readinessStatus(spec: ReadySpec, body: unknown): string | undefined {
  const value = readFirst(body, spec.statusPath);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/**
 * What is wrong with an answered readiness call: a non-2xx status, a body status that is not "ready", dependencies
 * that are not ok (each named with its reported latency). `deps` may come from another endpoint (the profile says).
 */
export function readinessProblems(
  spec: ReadySpec,
  a: Answer,
  deps: readonly Dependency[] | undefined,
): string[] {
  const problems: string[] = [];
  const status = readinessStatus(spec, a.json);
  const seen = status === undefined ? '' : ` "${status}"`;
  const failing = (deps ?? []).filter((d) => !d.ok);
  const is2xx = a.status !== undefined && a.status >= 200 && a.status < 300;
  const ready =
    status !== undefined && spec.readyValues.map((v) => v.toLowerCase()).includes(status.toLowerCase());
  if (!is2xx || !ready) {
    const why = status === undefined && is2xx ? ` without a status at ${spec.statusPath.join(' | ')}` : seen;
    problems.push(`${a.url} answered ${a.status ?? 'nothing'}${why} in ${formatDuration(a.ms)}`);
  }
  if (failing.length > 0) problems.push(`not ready: ${describeDependencies(failing)}`);
  else if (!is2xx || !ready)
    problems.push(deps ? 'every listed dependency reports ok' : 'the body names no dependency');
  if (spec.dependencies && deps === undefined) {
    problems.push(
      `no dependency list at ${spec.dependencies.path ?? ''}${spec.dependencies.path ? ' ' : ''}${spec.dependencies.at} (profile ${spec.dependencies.shape})`,
    );
  }
  return problems;
}
