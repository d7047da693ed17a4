// A k6 script for the harness's own tests: one session of a profile whose keepalive is `control` (RFC 6455 pings)
// against GP_PROBE_WS_URL, so a test can count the pings its server receives — on real k6 and on the Node shim.
import { controlPingSpec } from '../lib/control-ping-spec.ts';
import { k6Sink } from './metrics.ts';
import { runK6Session } from './ws-session.ts';

const sink = k6Sink('ws-concurrency', []);

export const options = { vus: 1, iterations: 1 };

export default function probe(): void {
  const url = __ENV.GP_PROBE_WS_URL;
  if (!url) throw new Error('GP_PROBE_WS_URL is not set');
  runK6Session(controlPingSpec(Date.now()), url, 'probe-token', sink);
}
