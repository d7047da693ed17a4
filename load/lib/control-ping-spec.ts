// The session of the control-keepalive probe (load/k6/control-ping-probe.ts) and its tests: the default profile with
// RFC 6455 pings, held 2 s with a ping every 200 ms — several pings, never none. Engine-neutral, k6-safe.
import defaultProfile from '../../profiles/default.ts';
import { buildSlaTable } from '../../src/config/sla-table.ts';
import { FrameReader } from '../../src/protocol/frames.ts';
import type { SessionSpec } from './session.ts';

export const CONTROL_PING_PROFILE = {
  ...defaultProfile,
  ws: { ...defaultProfile.ws, keepAlive: { ...defaultProfile.ws.keepAlive, clientPing: 'control' as const } },
};

export function controlPingSpec(startedAt: number): SessionSpec {
  return {
    reader: new FrameReader(CONTROL_PING_PROFILE),
    sla: buildSlaTable({}),
    environment: 'probe',
    question: 'probe question',
    followUp: 'probe follow-up',
    startedAt,
    holdUntil: startedAt + 2000,
    connectTimeoutMs: 2000,
    agentTimeoutMs: 1000,
    gracefulStopMs: 500,
    pingEveryMs: 200,
    askEveryMs: 0,
  };
}
