// The infrastructure check (F8): database status and connection time, pool utilisation, cache, auth service.
import type { ProbeContext } from './probe-context.ts';
import { infrastructureProblems, readInfrastructure } from './infrastructure.ts';
import { formatDuration } from '../format/duration.ts';
import { cause, type VerdictParts } from './verdict.ts';

export async function checkInfrastructure(ctx: ProbeContext): Promise<VerdictParts> {
  const spec = ctx.config.profile.health.api.infrastructure;
  if (!spec)
    return {
      check: 'infra.infrastructure',
      diagnosis: '',
      summary: 'none',
      notApplicable: ['infrastructure health: the profile names no endpoint'],
    };
  const url = ctx.config.urls.api + spec.path;
  const a = await ctx.call(url, 'infrastructure health');
  const problems: string[] = [];
  if (a.error !== undefined || a.status === undefined || a.status >= 300)
    problems.push(`${url} answered ${a.error ?? a.status}`);
  const r = readInfrastructure(spec, a.json);
  if (a.json !== undefined) problems.push(...infrastructureProblems(spec, r));

  const where = spec.dbConnectionTime.join(' | ');
  const connection = ctx.judgeSla(
    'infra.db.connection_time',
    r.dbConnectionMs ?? { unmeasured: `${url} reports no database connection time at ${where}` },
    `${url} ${where}=${JSON.stringify(r.dbConnectionRaw)}`,
  );
  const sla = [connection];
  const notApplicable: string[] = [];
  if (spec.poolUtilization) {
    const at = spec.poolUtilization.join(' | ');
    sla.push(
      ctx.judgeSla(
        'infra.db.pool_utilization',
        r.poolRatio ?? { unmeasured: `${url} reports no pool utilisation at ${at}` },
        `${url} ${at}=${JSON.stringify(r.poolRaw)}`,
      ),
    );
  } else {
    notApplicable.push('infra.db.pool_utilization: the profile names no pool utilisation value');
  }

  const ok = (value: string | undefined) =>
    value !== undefined && spec.okValues.some((v) => v.toLowerCase() === value.toLowerCase());
  const dbBad = !ok(r.dbStatus) || !connection.pass;
  const authBad = r.authServiceStatus !== undefined && !ok(r.authServiceStatus);
  // A 5xx carrying none of the values this check reads is the service being down, not its database.
  const down = a.error === undefined && (a.status ?? 0) >= 500 && r.dbStatus === undefined;
  const diagnosis = down
    ? cause('service unavailable', 'F7')
    : dbBad
      ? cause('database degraded', 'F8')
      : authBad
        ? cause('auth service unavailable', 'F2')
        : 'infrastructure unhealthy';
  const pool = r.poolRaw === undefined ? '' : `, pool ${JSON.stringify(r.poolRaw)}`;
  const summary = `database ${r.dbStatus ?? '?'} (connect ${formatDuration(r.dbConnectionMs ?? Number.NaN)}${pool}), cache ${r.cacheStatus ?? '-'}, auth service ${r.authServiceStatus ?? '-'}`;
  return {
    check: 'infra.infrastructure',
    diagnosis,
    summary,
    problems,
    sla,
    notApplicable,
    evidence: { reading: r },
  };
}
