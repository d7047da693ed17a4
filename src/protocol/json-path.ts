// Reads values at JSON paths (`data.result.text`, `dependencies[0].name`); a list of paths: first match wins.

export function readPath(value: unknown, path: string): unknown {
  if (path === '' || path === '$') return value;
  let current: unknown = value;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (part === '') continue;
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function readFirst(value: unknown, paths: readonly string[]): unknown {
  for (const path of paths) {
    const found = readPath(value, path);
    if (found !== undefined && found !== null) return found;
  }
  return undefined;
}

/** A readable string for ids: strings as they are, numbers printed, anything else undefined. */
export function readId(value: unknown, paths: readonly string[]): string | undefined {
  const found = readFirst(value, paths);
  if (typeof found === 'string' && found !== '') return found;
  if (typeof found === 'number') return String(found);
  return undefined;
}

/** All `path = value` predicates hold. */
export function matches(
  value: unknown,
  predicates: Readonly<Record<string, string | number | boolean>>,
): boolean {
  return Object.entries(predicates).every(([path, expected]) => readPath(value, path) === expected);
}
