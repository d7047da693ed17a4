// Judges what the browser saw during a journey: an uncaught page error, or a 4xx/5xx from the product's own
// origins, fails it (F27) unless the profile allows it; other origins (analytics, fonts) are evidence only.
import { finding, type Finding } from '../diagnosis/finding.ts';

export interface SeenResponse {
  status: number;
  method: string;
  /** Redacted before it gets here (a token may travel in a URL). */
  url: string;
}

export interface SeenInBrowser {
  pageErrors: readonly string[];
  responses: readonly SeenResponse[];
}

export interface PageAllowance {
  /** Regular expression sources matched against `STATUS METHOD URL`. */
  responses?: readonly string[] | undefined;
  /** Regular expression sources matched against an uncaught error's message. */
  pageErrors?: readonly string[] | undefined;
}

/** `STATUS METHOD URL`: how a response is shown and what the allowlist matches. */
export function responseLine(r: SeenResponse): string {
  return `${r.status} ${r.method} ${r.url}`;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The origins a product serves from (its web, API and auth base URLs). */
export function productOrigins(urls: readonly string[]): Set<string> {
  return new Set(urls.map(originOf).filter((o): o is string => o !== undefined));
}

const allowedBy = (patterns: readonly string[] | undefined, text: string): boolean =>
  (patterns ?? []).some((p) => new RegExp(p).test(text));

/** The failure the browser journey must end with, or undefined when the page was clean (or only allowed noise). */
export function judgePage(
  seen: SeenInBrowser,
  origins: ReadonlySet<string>,
  allowed: PageAllowance | undefined,
): Finding | undefined {
  const errors = seen.pageErrors.filter((e) => !allowedBy(allowed?.pageErrors, e));
  const failed = seen.responses.filter((r) => {
    const origin = originOf(r.url);
    return (
      r.status >= 400 &&
      origin !== undefined &&
      origins.has(origin) &&
      !allowedBy(allowed?.responses, responseLine(r))
    );
  });
  if (errors.length === 0 && failed.length === 0) return undefined;
  const evidence = [
    ...errors.map((e) => `uncaught page error: ${e}`),
    ...failed.map((r) => `request: ${responseLine(r)}`),
    'allow an expected one with ui.allowedErrors in the profile (docs/profile.md)',
  ];
  const [error] = errors;
  const [first] = failed;
  if (error !== undefined) {
    const more = first ? `; and ${failed.length} failed request(s), first ${responseLine(first)}` : '';
    return finding('F27', 'ui.page.error', `the web app threw an uncaught error: ${error}${more}`, evidence);
  }
  if (first === undefined) return undefined;
  return finding(
    'F27',
    first.status >= 500 ? 'ui.response.5xx' : 'ui.response.4xx',
    `the web app's request ${first.method} ${first.url} answered ${first.status} (the product's own origin)`,
    evidence,
  );
}
