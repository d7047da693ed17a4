// Reads an infrastructure health body through the profile: database status and connection time, pool, cache, auth.
import type { ProfileDefinition } from '../../profiles/define.ts';
import { readFirst } from '../protocol/json-path.ts';
import { parseDurationMs, parseRatio } from './units.ts';

export type InfraSpec = NonNullable<ProfileDefinition['health']['api']['infrastructure']>;

export interface InfraReading {
  dbStatus?: string;
  /** Parsed to ms; `raw` keeps what the body said, for messages. */
  dbConnectionMs?: number;
  dbConnectionRaw?: unknown;
  poolRatio?: number;
  poolRaw?: unknown;
  cacheStatus?: string;
  authServiceStatus?: string;
}

export function readInfrastructure(spec: InfraSpec, body: unknown): InfraReading {
  const text = (paths: readonly string[] | undefined): string | undefined => {
    if (!paths) return undefined;
    const v = readFirst(body, paths);
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  };
  const connRaw = readFirst(body, spec.dbConnectionTime);
  const poolRaw = spec.poolUtilization ? readFirst(body, spec.poolUtilization) : undefined;
  const dbConnectionMs = parseDurationMs(connRaw, spec.dbConnectionTimeUnit);
  const poolRatio = parseRatio(poolRaw);
  const dbStatus = text(spec.dbStatus);
  const cacheStatus = text(spec.cacheStatus);
  const authServiceStatus = text(spec.authServiceStatus);
  return {
    ...(dbStatus !== undefined ? { dbStatus } : {}),
    ...(connRaw !== undefined ? { dbConnectionRaw: connRaw } : {}),
    ...(dbConnectionMs !== undefined ? { dbConnectionMs } : {}),
    ...(poolRaw !== undefined ? { poolRaw } : {}),
    ...(poolRatio !== undefined ? { poolRatio } : {}),
    ...(cacheStatus !== undefined ? { cacheStatus } : {}),
    ...(authServiceStatus !== undefined ? { authServiceStatus } : {}),
  };
}

/** Component statuses that are not ok (database, cache, auth service), each with the value the body reported. */
export function infrastructureProblems(spec: InfraSpec, r: InfraReading): string[] {
  const ok = spec.okValues.map((v) => v.toLowerCase());
  const problems: string[] = [];
  const judge = (
    what: string,
    paths: readonly string[] | undefined,
    value: string | undefined,
    required: boolean,
  ) => {
    if (!paths) return;
    if (value === undefined) {
      if (required) problems.push(`no ${what} status at ${paths.join(' | ')}`);
      return;
    }
    if (!ok.includes(value.toLowerCase()))
      problems.push(`${what} reports "${value}" (ok: ${spec.okValues.join(', ')})`);
  };
  judge('database', spec.dbStatus, r.dbStatus, true);
  judge('cache', spec.cacheStatus, r.cacheStatus, true);
  judge('auth service', spec.authServiceStatus, r.authServiceStatus, true);
  if (r.dbConnectionRaw !== undefined && r.dbConnectionMs === undefined) {
    problems.push(
      `database connection time ${JSON.stringify(r.dbConnectionRaw)} at ${spec.dbConnectionTime.join(' | ')} is not a duration`,
    );
  }
  if (spec.poolUtilization && r.poolRaw !== undefined && r.poolRatio === undefined) {
    problems.push(
      `pool utilisation ${JSON.stringify(r.poolRaw)} at ${spec.poolUtilization.join(' | ')} is not a ratio or percentage`,
    );
  }
  return problems;
}
