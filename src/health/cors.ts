// CORS preflight judging: would a browser on WEB_URL's origin be allowed to make this call (Fetch standard rules)?

export interface Preflight {
  url: string;
  origin: string;
  method: string;
  /** Request headers the browser would ask for (lower case). */
  headers: readonly string[];
}

export interface PreflightAnswer {
  status?: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  error?: string;
}

/** Methods a browser never asks permission for. */
const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);

/** Why the browser would block the call, or undefined when the preflight allows it. */
export function preflightProblem(p: Preflight, a: PreflightAnswer): string | undefined {
  const what = `preflight OPTIONS ${p.url} from origin ${p.origin} (${p.method}${p.headers.length ? `, ${p.headers.join(', ')}` : ''})`;
  if (a.error !== undefined) return `${what}: ${a.error}`;
  if (a.status === undefined || a.status < 200 || a.status > 299)
    return `${what} answered ${a.status ?? 'nothing'} (a browser needs 2xx)`;
  const allowOrigin = header(a, 'access-control-allow-origin');
  if (allowOrigin === undefined) return `${what}: no Access-Control-Allow-Origin`;
  if (allowOrigin !== '*' && allowOrigin !== p.origin)
    return `${what}: Access-Control-Allow-Origin is "${allowOrigin}", not the frontend's origin`;
  const methods = list(header(a, 'access-control-allow-methods'));
  if (
    !SAFELISTED_METHODS.has(p.method) &&
    !methods.includes(p.method.toLowerCase()) &&
    !methods.includes('*')
  ) {
    return `${what}: ${p.method} is not in Access-Control-Allow-Methods (${methods.join(', ') || 'none'})`;
  }
  const allowed = list(header(a, 'access-control-allow-headers'));
  // `*` never covers Authorization (Fetch standard), so it must be named.
  const missing = p.headers.filter(
    (h) => !allowed.includes(h) && !(allowed.includes('*') && h !== 'authorization'),
  );
  if (missing.length > 0)
    return `${what}: Access-Control-Allow-Headers (${allowed.join(', ') || 'none'}) lacks ${missing.join(', ')}`;
  return undefined;
}

function header(a: PreflightAnswer, name: string): string | undefined {
  const v = a.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

export function originOf(url: string): string {
  return new URL(url).origin;
}
