// netra-apex's health bodies: unit-bearing strings ("0.123s", "12.5%") and a dependency array, from the shared probes.
import type { Core } from '../core.ts';
import {
  checkCache,
  checkDatabase,
  checkTokenSigner,
  infrastructure,
  type CheckResult,
} from '../health/probes.ts';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)}s`;
const percent = (p: number): string => `${p.toFixed(1)}%`;

export async function netraInfrastructure(core: Core): Promise<Record<string, unknown>> {
  const r = await infrastructure(core);
  const healthy =
    r.database.status === 'healthy' && r.cache.status === 'healthy' && r.auth_service.status === 'healthy';
  return {
    status: healthy ? 'healthy' : 'degraded',
    database: {
      status: r.database.status,
      average_connection_time: seconds(r.database.connection_time_ms),
      pool_utilization: percent(r.database.pool_utilization),
      pool_size: r.database.pool_size,
      active_connections: r.database.connections_in_use,
      ...(r.database.error ? { error: r.database.error } : {}),
    },
    cache: {
      status: r.cache.status,
      average_response_time: seconds(r.cache.response_time_ms),
      keys: r.cache.keys,
    },
    auth_service: {
      status: r.auth_service.status,
      average_response_time: seconds(r.auth_service.response_time_ms),
      ...(r.auth_service.error ? { error: r.auth_service.error } : {}),
    },
    timestamp: new Date().toISOString(),
  };
}

interface Dependency {
  name: string;
  type: string;
  status: string;
  latency_ms: number;
  version: string;
  error: string | null;
}

function dependency(name: string, type: string, version: string, check: CheckResult): Dependency {
  return {
    name,
    type,
    status: check.status,
    latency_ms: check.latency_ms,
    version,
    error: check.error ?? null,
  };
}

export async function netraDependencies(core: Core): Promise<Record<string, unknown>> {
  const [db, cache, auth] = await Promise.all([
    checkDatabase(core),
    checkCache(core),
    checkTokenSigner(core),
  ]);
  const dependencies = [
    dependency('postgres', 'database', '15.4', db),
    dependency('redis', 'cache', '7.2', cache),
    dependency('auth_service', 'service', core.versionOf('auth').version, auth),
  ];
  const healthy = dependencies.every((d) => d.status === 'healthy');
  return {
    overall_status: healthy ? 'healthy' : 'degraded',
    dependencies,
    checked_at: new Date().toISOString(),
  };
}
