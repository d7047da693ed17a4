// The SLAs an unfiltered functional run must measure against this profile: one missing is a failure, never a skip.
import type { Config } from '../config/index.ts';
import type { SlaId } from '../config/sla-table.ts';
import { capabilitiesOf } from '../config/capabilities.ts';

export function requiredSlas(config: Config): SlaId[] {
  const ids: SlaId[] = [
    'ws.handshake.success',
    'ws.handshake.latency',
    'golden_path.e2e',
    'agent.events.complete',
    'agent.first_event.latency',
    'ws.no_internal_errors',
    'health.latency',
    'health.ready.latency',
  ];
  // A login is timed whatever obtains the token over the network — a login or http strategy, or a profile's hook —
  // when the first user has a password (not a pre-issued token): then it is never n/a.
  const logsIn =
    config.profile.hooks?.acquireToken !== undefined ||
    config.profile.auth.strategies.some((s) => s.kind === 'login' || s.kind === 'http');
  if (logsIn && config.users[0].password !== undefined) ids.push('auth.login.latency');
  const caps = capabilitiesOf(config.profile);
  if (caps.infraStatus && caps.databaseStatus) ids.push('infra.db.connection_time');
  return ids;
}
