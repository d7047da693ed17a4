// A load session's spec: the plan's settings in ms on the adapter's clock, plus what the VU knows when it opens it.
import type { SlaTable } from '../../src/config/sla-table.ts';
import type { FrameReader } from '../../src/protocol/frames.ts';
import type { LoadPlan } from './plan.ts';
import type { SessionSpec } from './session.ts';

export interface SessionStart {
  reader: FrameReader;
  sla: SlaTable;
  startedAt: number;
  holdUntil: number;
  expectedUserId?: string | undefined;
  journeyStartedAt?: number | undefined;
  /** The session's test user as a request-marker key (`u1`, `u2`, …): see SessionSpec.userKey. */
  userKey?: string | undefined;
}

export function sessionSpec(plan: LoadPlan, start: SessionStart): SessionSpec {
  const { expectedUserId, journeyStartedAt, userKey, ...known } = start;
  return {
    ...known,
    environment: plan.environment,
    question: plan.question,
    followUp: plan.followUp,
    connectTimeoutMs: plan.connectTimeoutMs,
    agentTimeoutMs: plan.agentTimeoutMs,
    gracefulStopMs: plan.gracefulStopS * 1000,
    pingEveryMs: plan.pingEveryS * 1000,
    askEveryMs: plan.askEveryS * 1000,
    ...(expectedUserId !== undefined ? { expectedUserId } : {}),
    ...(journeyStartedAt !== undefined ? { journeyStartedAt } : {}),
    ...(userKey !== undefined ? { userKey } : {}),
  };
}
