// A rejected profile, one line per wrong field: its path, what the schema expected and what the file holds.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** `auth.strategies[0].kind`; the profile itself is "(the default export)". */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the default export)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** Every issue of a failed parse as `path: expected …, found …` (parse with `reportInput: true`). */
export function describeIssues(issues: readonly Issue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map(
        (key) =>
          `${fieldPath([...issue.path, key])}: expected no such field, found ${found(inputAt(issue, key))}`,
      );
    if (
      issue.code === 'invalid_union' &&
      'discriminator' in issue &&
      typeof issue.discriminator === 'string'
    ) {
      const options = (issue as { options?: readonly unknown[] }).options ?? [];
      return [
        `${fieldPath(issue.path)}: expected ${oneOf(options)}, found ${found(inputAt(issue, issue.discriminator))}`,
      ];
    }
    return [`${fieldPath(issue.path)}: expected ${expected(issue)}, found ${found(issue.input)}`];
  });
}

/** The value at `key` of an issue's input (an object). */
function inputAt(issue: Issue, key: PropertyKey): unknown {
  const input = issue.input;
  return input !== null && typeof input === 'object'
    ? (input as Record<PropertyKey, unknown>)[key]
    : undefined;
}

function expected(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'nonoptional' ? 'a value' : article(issue.expected);
    case 'invalid_value':
      return oneOf(issue.values);
    case 'invalid_format':
      if (issue.format === 'starts_with' && 'prefix' in issue)
        return `a string starting with "${String(issue.prefix)}"`;
      return stripExpected(issue.message);
    case 'too_small':
      if (issue.origin === 'array')
        return `at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string')
        return `at least ${String(issue.minimum)} character${issue.minimum === 1 ? '' : 's'}`;
      return `a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    case 'invalid_union': {
      const branches = issue.errors
        .map((branch) => branch.find((i) => i.path.length === 0))
        .filter((i) => i !== undefined);
      return branches.length > 0 ? branches.map(expected).join(' or ') : stripExpected(issue.message);
    }
    default:
      return stripExpected(issue.message);
  }
}

function stripExpected(message: string): string {
  return message.replace(/^expected /i, '');
}

function article(type: string): string {
  return /^[aeio]/.test(type) ? `an ${type}` : `a ${type}`;
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v)).join(' | ');
  return values.length === 1 ? shown : `one of ${shown}`;
}

/** A short description of a value: short scalars as they are, containers by kind. */
function found(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${String(value)}`;
  return `a ${typeof value}`;
}
