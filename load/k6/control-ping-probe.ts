// A k6 script for the harness's own tests: one session of a profile whose keepalive is `control` (RFC 6455 pings)
// against GP_PROBE_WS_URL, so a test can count the pings its server receives — on real k6 and on the Node shim.
import defaultProfile from '../../profiles/default.ts';
import { buildSlaTable } from '../../src/config/sla-table.ts';
import { FrameReader } from '../../src/protocol/frames.ts';
import { k6Sink } from './metrics.ts';
import { runK6Session } from './ws-session.ts';

const profile = {
  ...defaultProfile,
  ws: { ...defaultProfile.ws, keepAlive: { ...defaultProfile.ws.keepAlive, clientPing: 'control' as const } },
};
const sink = k6Sink('ws-concurrency', []);

export const options = { vus: 1, iterations: 1 };

export default function probe(): void {
  const url = __ENV.GP_PROBE_WS_URL;
  if (!url) throw new Error('GP_PROBE_WS_URL is not set');
  const startedAt = Date.now();
  runK6Session(
    {
      reader: new FrameReader(profile),
      sla: buildSlaTable({}),
      environment: 'probe',
      question: 'probe question',
      followUp: 'probe follow-up',
      startedAt,
      // Held long enough for several pings at the pace, then closed by the driver.
      holdUntil: startedAt + 2000,
      connectTimeoutMs: 2000,
      agentTimeoutMs: 1000,
      gracefulStopMs: 500,
      pingEveryMs: 200,
      askEveryMs: 0,
    },
    url,
    'probe-token',
    sink,
  );
}
