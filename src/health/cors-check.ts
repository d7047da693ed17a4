// The CORS check: the preflights a browser on WEB_URL's origin sends to the API and the auth service are allowed.
import { originOf, preflightProblem, type Preflight } from './cors.ts';
import type { ProbeContext } from './probe-context.ts';
import type { VerdictParts } from './verdict.ts';

export async function checkCors(ctx: ProbeContext): Promise<VerdictParts> {
  const { config } = ctx;
  const origin = originOf(config.urls.web);
  const header = config.profile.ws.carriers.find((c) => c.kind === 'header');
  const login = config.profile.auth.strategies.find((s) => s.kind === 'login');
  const preflights: Preflight[] = [
    // An authenticated API call, carrying the profile's auth header when it has one.
    {
      url: config.urls.api + config.profile.health.api.live.path,
      origin,
      method: 'GET',
      headers: header ? [header.name.toLowerCase()] : [],
    },
    // The login form posts JSON, which is never a "simple" request.
    ...(login
      ? [
          {
            url: config.urls.auth + login.path,
            origin,
            method: login.method ?? 'POST',
            headers: ['content-type'],
          },
        ]
      : []),
  ];
  const problems: string[] = [];
  const notApplicable: string[] = [];
  for (const p of preflights) {
    const requested: Record<string, string> = p.headers.length
      ? { 'access-control-request-headers': p.headers.join(', ') }
      : {};
    const a = await ctx.call(p.url, 'CORS preflight', {
      expectJson: false,
      method: 'OPTIONS',
      headers: { origin: p.origin, 'access-control-request-method': p.method, ...requested },
    });
    const problem = preflightProblem(p, {
      headers: a.headers,
      ...(a.status !== undefined ? { status: a.status } : {}),
      ...(a.error !== undefined ? { error: a.error } : {}),
    });
    // A browser never preflights a same-origin call, so a refusal there blocks nothing.
    if (problem && originOf(p.url) === origin)
      notApplicable.push(`CORS: ${p.url} shares the frontend's origin, no preflight is sent (${problem})`);
    else if (problem) problems.push(problem);
  }
  const same = preflights.filter((p) => originOf(p.url) === origin).length;
  const summary = `${preflights.length} preflight(s) from ${origin} allowed${same ? ` (${same} same-origin, answered anyway)` : ''}`;
  return { check: 'infra.cors', diagnosis: 'CORS blocks the frontend', summary, problems, notApplicable };
}
