// The named load shapes of the scenarios: their default windows, paces and bounds (one home for these numbers).

export type ScenarioName = 'ws-concurrency' | 'health-latency';
export const SCENARIOS: readonly ScenarioName[] = ['ws-concurrency', 'health-latency'];

/** Closed loop: each session asks again only after its answer. Open loop: arrivals on a fixed schedule. */
export type LoadShapeKind = 'closed-loop' | 'open-loop';

export interface LoadShape {
  kind: LoadShapeKind;
  /** How the summary names the shape (sla.md: the load shape is named in every summary). */
  describe: string;
  /** The measured window: sessions held after ramp-up (closed loop), arrivals (open loop). */
  durationS: number;
  /** Closed loop: VUs start evenly over this time; never longer than a fifth of the window… */
  rampUpS: number;
  /** …but a default ramp-up gives each VU at least this long (capped at rampUpS), so logins are not a burst. */
  minRampUpMsPerVu: number;
  /** Closed loop: heartbeat (profile's client ping) interval while a session is held. */
  pingEveryS: number;
  /** Closed loop: a further question this often while held; 0 asks once per session. */
  askEveryS: number;
  /** Open loop: arrivals per second per endpoint. */
  ratePerS: number;
  /** Open loop: requests in flight at most per endpoint; an arrival finding none free is dropped. */
  maxInFlight: number;
  /** After the window: how long work in progress may finish before it is cut (k6's gracefulStop). */
  gracefulStopS: number;
  /** Closed loop: pause after a session ended early, before the VU reconnects (no hot reconnect loops). */
  reconnectPauseS: number;
}

// 300 s: "--concurrent 50 --duration 300s" (sla.md, load.concurrent_connections); 10/s: the default rate.
export const LOAD_SHAPES: Readonly<Record<ScenarioName, LoadShape>> = {
  'ws-concurrency': {
    kind: 'closed-loop',
    describe: 'closed loop: constant VUs with ramp-up; each session asks again only after its answer',
    durationS: 300,
    rampUpS: 30,
    // 100 ms per VU: 50 logins (a password hash each) over 5 s rather than 2 s on a 10 s window, at most 10/s.
    minRampUpMsPerVu: 100,
    pingEveryS: 15,
    askEveryS: 60,
    ratePerS: 0,
    maxInFlight: 0,
    gracefulStopS: 30,
    reconnectPauseS: 1,
  },
  'health-latency': {
    kind: 'open-loop',
    describe: 'open loop: constant arrival rate, latency measured from the intended send time',
    durationS: 300,
    rampUpS: 0,
    minRampUpMsPerVu: 0,
    pingEveryS: 0,
    askEveryS: 0,
    ratePerS: 10,
    maxInFlight: 50,
    gracefulStopS: 10,
    reconnectPauseS: 0,
  },
};

/** The default ramp-up for a window and VUs, and the rule that set it (for the plan line). */
export function defaultRampUp(
  scenario: ScenarioName,
  durationS: number,
  vus: number,
): { rampUpS: number; rule: string } {
  const shape = LOAD_SHAPES[scenario];
  const fifth = Math.min(shape.rampUpS, Math.floor(durationS / 5));
  const perVu = Math.min(shape.rampUpS, Math.ceil((vus * shape.minRampUpMsPerVu) / 1000));
  if (perVu > fifth)
    return { rampUpS: perVu, rule: `at least ${shape.minRampUpMsPerVu} ms per VU, logins spread` };
  if (fifth < shape.rampUpS) return { rampUpS: fifth, rule: 'a fifth of the window' };
  return { rampUpS: fifth, rule: `the ${scenario} default` };
}
