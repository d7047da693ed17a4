// Renders profile templates: `{{name}}` placeholders in strings of a JSON value; `{{name?}}` drops the key when unset.
// A value is escaped for where it lands: as is inside a JSON string (the frame's own JSON encoding escapes it once),
// JSON-escaped again inside `{"$json": …}` (JSON text carried in a string field), percent-encoded in a URL.
import { base64url } from './base64url.ts';
import { readPath } from './json-path.ts';

export type TemplateVars = Readonly<Record<string, string | undefined>>;

/** Values a template may read besides its variables: `{{frame.<path>}}` reads the frame being answered. */
export interface TemplateScope {
  frame?: unknown;
}

const WHOLE = /^\{\{([\w.]+)(\?)?\}\}$/;
const ANY = /\{\{([\w.]+)\??\}\}/g;
/** `{"$json": template}`: the template rendered, then written as JSON text (a string holding JSON). */
const JSON_TEXT = '$json';

export class TemplateError extends Error {
  readonly code = 'TEMPLATE_UNSET';
}

export function renderString(template: string, vars: TemplateVars, scope: TemplateScope = {}): string {
  return template.replace(ANY, (_m, name: string) => {
    const value = lookup(vars, name, scope);
    if (value === undefined) throw new TemplateError(`TEMPLATE_UNSET: {{${name}}} has no value`);
    return value;
  });
}

export function render(template: unknown, vars: TemplateVars, scope: TemplateScope = {}): unknown {
  if (typeof template === 'string') return renderString(template, vars, scope);
  if (Array.isArray(template)) return template.map((t) => render(t, vars, scope));
  if (template && typeof template === 'object') {
    const entries = Object.entries(template);
    if (entries.length === 1 && entries[0]?.[0] === JSON_TEXT)
      return JSON.stringify(render(entries[0][1], vars, scope));
    const out: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      const whole = typeof value === 'string' ? WHOLE.exec(value) : null;
      if (whole?.[2] === '?' && lookup(vars, whole[1] ?? '', scope) === undefined) continue;
      out[key] = render(value, vars, scope);
    }
    return out;
  }
  return template;
}

/**
 * A URL or path template (`/live/{{userId}}`, `?t={{token}}`): every value percent-encoded as one URL component, so
 * an id with `/` or `?` in it cannot change the URL's shape. Placeholders written percent-encoded (`%7B%7Bx%7D%7D`,
 * as a URL parser leaves them) are found too.
 */
export function renderUrl(template: string, vars: TemplateVars): string {
  const plain = template.replace(/%7B%7B([\w.]+)%7D%7D/gi, '{{$1}}');
  return plain.replace(ANY, (_m, name: string) => {
    const value = lookup(vars, name, {});
    if (value === undefined) throw new TemplateError(`TEMPLATE_UNSET: {{${name}}} has no value`);
    return encodeURIComponent(value);
  });
}

function lookup(vars: TemplateVars, name: string, scope: TemplateScope): string | undefined {
  if (name === 'token_b64url') {
    const token = vars.token;
    return token === undefined ? undefined : base64url(token);
  }
  if (name.startsWith('frame.')) {
    const value = readPath(scope.frame, name.slice('frame.'.length));
    if (typeof value === 'string') return value;
    return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  }
  return vars[name];
}

/** The placeholders rendering a template needs a value for (an object's whole-value `{{name?}}` is optional). */
export function requiredPlaceholders(template: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown, optionalKey = false) => {
    if (typeof value === 'string') {
      if (optionalKey && WHOLE.exec(value)?.[2] === '?') return;
      for (const m of value.matchAll(ANY)) names.add(m[1] ?? '');
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) visit(v, true);
    }
  };
  visit(template);
  names.delete('');
  return names;
}
