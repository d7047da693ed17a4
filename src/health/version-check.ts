// The version-drift check (F12): each service's version/commit, read from a JSON endpoint or an HTML meta tag.
import type { VersionSource } from '../../profiles/define.ts';
import { readId } from '../protocol/json-path.ts';
import type { ProbeContext } from './probe-context.ts';
import { describeReport, readMetaTag, versionProblems, type VersionReport } from './versions.ts';
import { cause, type VerdictParts } from './verdict.ts';

export async function checkVersions(ctx: ProbeContext): Promise<VerdictParts> {
  const { config } = ctx;
  const h = config.profile.health;
  const services: { service: string; base: string; source: VersionSource | undefined }[] = [
    { service: 'API', base: config.urls.api, source: h.api.version },
    { service: 'auth service', base: config.urls.auth, source: h.auth.version },
    { service: 'frontend', base: config.urls.web, source: h.web?.version },
  ];
  const notApplicable = services
    .filter((s) => !s.source)
    .map((s) => `version of the ${s.service}: the profile names no version source`);
  const reports = await Promise.all(
    services.flatMap((s) => (s.source ? [readOne(ctx, s.service, s.base, s.source)] : [])),
  );
  const expected = config.settings.EXPECTED_VERSION;
  const problems = versionProblems(reports, expected, {
    shortCommits: ctx.config.profile.health.shortCommits === true,
  });
  const readable = reports.filter((r) => r.error === undefined).length;
  if (expected === undefined && readable < 2 && problems.length === 0) {
    notApplicable.push(
      `version drift: only ${readable} service(s) report a version and EXPECTED_VERSION is not set`,
    );
  }
  // A version that cannot be read because the service answers 5xx is an unavailable service, not drift.
  const unavailable = reports.some((r) => /\b5\d\d\b/.test(r.error ?? ''));
  const diagnosis = unavailable
    ? cause('service unavailable', 'F7')
    : cause(`version drift${expected ? ` (expected ${expected})` : ''}`, 'F12');
  return {
    check: 'infra.versions',
    diagnosis,
    summary: `agree: ${reports.map(describeReport).join(', ')}`,
    problems,
    notApplicable,
    evidence: { reports },
  };
}

async function readOne(
  ctx: ProbeContext,
  service: string,
  base: string,
  source: VersionSource,
): Promise<VersionReport> {
  const url = base + source.path;
  // A meta source is a page: HTML is what it should answer.
  const a = await ctx.call(url, `${service} version`, { expectJson: source.kind !== 'meta' });
  if (a.error !== undefined) return { service, source: url, error: a.error };
  if (a.status === undefined || a.status < 200 || a.status > 299)
    return { service, source: url, error: `answered ${a.status}` };
  if (source.kind === 'meta') {
    const version = readMetaTag(a.text ?? '', source.name);
    const where = `${url} <meta name="${source.name}">`;
    return version === undefined
      ? { service, source: where, error: `no <meta name="${source.name}"> in the page` }
      : { service, source: where, version };
  }
  const version = readId(a.json, source.versionPath);
  const commit = source.commitPath ? readId(a.json, source.commitPath) : undefined;
  if (version === undefined && commit === undefined)
    return { service, source: url, error: `no version at ${source.versionPath.join(' | ')}` };
  return {
    service,
    source: url,
    ...(version !== undefined ? { version } : {}),
    ...(commit !== undefined ? { commit } : {}),
  };
}
