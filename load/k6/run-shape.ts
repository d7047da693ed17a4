// What k6 actually runs, read from its consolidated options (exec.test.options): the script's own scenarios, or
// the one a shortcut flag (--vus, --duration, --iterations, --stage) put in their place, as k6 documents it.
import exec from 'k6/execution';
import type { LoadPlan } from '../lib/plan.ts';

/** The closed loop as it ran: VUs, ramp-up and window, in seconds. */
export interface ClosedShape {
  vus: number;
  rampUpS: number;
  durationS: number;
  /** Set when a k6 flag replaced the script's own scenario. */
  from?: string;
}

interface ScenarioOptions {
  executor?: string;
  vus?: number | null;
  duration?: string | null;
  stages?: { duration: string; target: number }[] | null;
  rate?: number | null;
  timeUnit?: string | null;
  exec?: string | null;
}

/** The scenario this VU runs; undefined outside one (setup, handleSummary: k6 throws there). */
function runningScenario(): string | undefined {
  try {
    return exec.scenario.name;
  } catch {
    return undefined;
  }
}

function scenarios(): Record<string, ScenarioOptions> {
  return exec.test.options.scenarios ?? {};
}

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};

/** Go's duration text as k6 prints it ("1m30s", "500ms"), in seconds. */
export function goDurationS(text: string): number {
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g))
    ms += Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 0);
  return ms / 1000;
}

/**
 * The closed loop k6 runs for ws-concurrency: its own ramping-vus scenario, or `--vus N --duration D` (k6's
 * constant-vus "default" scenario); any other shape is refused in one line (it could not hold sessions for a window).
 */
export function closedShape(plan: LoadPlan, own: string): ClosedShape | { refused: string } {
  // A VU inside the script's own scenario knows the shape without exec.test.options, which k6 builds for each VU
  // as a JSON round trip of every option: with the HDR carrier's 14 400 thresholds (load/lib/hdr-carrier.ts),
  // about 20 MB and 0.1 s of CPU per VU. setup() (no scenario) and a replaced scenario still read the options.
  if (runningScenario() === own) return { vus: plan.vus, rampUpS: plan.rampUpS, durationS: plan.durationS };
  const all = scenarios();
  if (all[own]) return { vus: plan.vus, rampUpS: plan.rampUpS, durationS: plan.durationS };
  const [name, s] = Object.entries(all)[0] ?? ['', {}];
  if (s.executor === 'constant-vus' && typeof s.duration === 'string' && s.vus)
    return {
      vus: s.vus,
      rampUpS: 0,
      durationS: goDurationS(s.duration),
      from: `k6 --vus ${s.vus} --duration ${s.duration}`,
    };
  return {
    refused: `${own}: k6 runs "${name}" (${s.executor ?? 'unknown'}) in place of the script's scenario; of k6's shortcut flags only --vus N --duration D applies (sessions held for a window); --iterations, --stage and --vus alone do not: use -e GP_VUS / GP_DURATION_S / GP_RAMP_UP_S`,
  };
}

/** health-latency runs only its own two arrival-rate scenarios: a shortcut flag that replaced them is refused. */
export function openShapeProblem(own: readonly string[]): string | undefined {
  const all = scenarios();
  if (own.every((name) => all[name]?.executor === 'constant-arrival-rate')) return undefined;
  return `health-latency: k6 runs ${Object.keys(all).join(', ')} in place of its arrival-rate scenarios (${own.join(', ')}); --vus, --duration, --iterations and --stage do not apply to an open loop: use -e GP_RATE / GP_DURATION_S / GP_MAX_IN_FLIGHT`;
}
