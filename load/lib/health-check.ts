// Judges one health answer through the profile: the HTTP status and the body's own status (200 + "degraded" is not healthy).
import type { Profile } from '../../profiles/define.ts';
import { readFirst } from '../../src/protocol/json-path.ts';

export type HealthProbe = 'live' | 'ready';

export interface HealthTarget {
  probe: HealthProbe;
  path: string;
  statusPath: readonly string[] | undefined;
  okValues: readonly string[];
}

export function healthTargets(profile: Profile): HealthTarget[] {
  const api = profile.health.api;
  return [
    { probe: 'live', path: api.live.path, statusPath: api.live.statusPath, okValues: api.live.healthyValues },
    {
      probe: 'ready',
      path: api.ready.path,
      statusPath: api.ready.statusPath,
      okValues: api.ready.readyValues,
    },
  ];
}

/** undefined when healthy, else why not (one line). */
export function healthProblem(target: HealthTarget, status: number, body: string): string | undefined {
  if (status < 200 || status >= 300) return `${target.path} answered ${status}`;
  if (target.statusPath === undefined) {
    // A plain-text body (Kubernetes-style `ok`).
    return target.okValues.includes(body.trim())
      ? undefined
      : `${target.path} body "${clip(body)}" is not one of ${target.okValues.join(', ')}`;
  }
  let data: unknown;
  try {
    data = JSON.parse(body) as unknown;
  } catch {
    return `${target.path} body is not JSON: "${clip(body)}"`;
  }
  const value = readFirst(data, target.statusPath);
  if (typeof value === 'string' && target.okValues.includes(value)) return undefined;
  return `${target.path} status ${JSON.stringify(value) ?? 'absent'} at ${target.statusPath.join(' | ')} is not one of ${target.okValues.join(', ')}`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
