// Renders profile templates: `{{name}}` placeholders in strings of a JSON value; `{{name?}}` drops the key when unset.
import { base64url } from './base64url.ts';

export type TemplateVars = Readonly<Record<string, string | undefined>>;

const WHOLE = /^\{\{(\w+)(\?)?\}\}$/;
const ANY = /\{\{(\w+)\??\}\}/g;

export class TemplateError extends Error {
  readonly code = 'TEMPLATE_UNSET';
}

export function renderString(template: string, vars: TemplateVars): string {
  return template.replace(ANY, (_m, name: string) => {
    const value = lookup(vars, name);
    if (value === undefined) throw new TemplateError(`TEMPLATE_UNSET: {{${name}}} has no value`);
    return value;
  });
}

export function render(template: unknown, vars: TemplateVars): unknown {
  if (typeof template === 'string') return renderString(template, vars);
  if (Array.isArray(template)) return template.map((t) => render(t, vars));
  if (template && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const whole = typeof value === 'string' ? WHOLE.exec(value) : null;
      if (whole?.[2] === '?' && lookup(vars, whole[1] ?? '') === undefined) continue;
      out[key] = render(value, vars);
    }
    return out;
  }
  return template;
}

function lookup(vars: TemplateVars, name: string): string | undefined {
  if (name === 'token_b64url') {
    const token = vars.token;
    return token === undefined ? undefined : base64url(token);
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
