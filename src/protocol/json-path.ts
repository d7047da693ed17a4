// Reads values at JSON paths (`data.result.text`, `dependencies[0].name`); a list of paths: first match wins.

// Paths come from profiles (a few dozen): each is split once, not on every frame of every load session.
const PARTS = new Map<string, readonly string[]>();

function partsOf(path: string): readonly string[] {
  let parts = PARTS.get(path);
  if (parts === undefined) {
    parts = path
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter((part) => part !== '');
    // Bounded: a caller reading computed paths cannot grow it without end.
    if (PARTS.size < 1000) PARTS.set(path, parts);
  }
  return parts;
}

export function readPath(value: unknown, path: string): unknown {
  if (path === '' || path === '$') return value;
  let current: unknown = value;
  for (const part of partsOf(path)) {
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
