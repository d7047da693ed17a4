// Not a scenario: a deterministic workload for the merge test (load/node-executor/k6-merge.unit.ts). Iteration i of
// the test records fixed values into health-latency's trends through the scenario's own sink and handleSummary,
// so one instance and k6 `--execution-segment` parts of it see the same samples, whatever the machine's timing.
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { baseOptions, k6Context } from './context.ts';
import { k6Sink } from './metrics.ts';
import { k6HandleSummary } from './summary.ts';
import { M } from '../lib/metrics.ts';
import type { LoadSummary } from '../lib/summary.ts';
import { probeValues } from './hdr-probe-values.ts';

const ctx = k6Context('health-latency');
const sink = k6Sink('health-latency', ctx.rules);

export const options: Options = {
  ...baseOptions(ctx),
  scenarios: {
    probe: { executor: 'shared-iterations', vus: 4, iterations: Number(__ENV.GP_PROBE_ITERATIONS ?? '2000') },
  },
};

export function setup(): void {
  sink.zeroCounters();
}

export default function (): void {
  const v = probeValues(exec.scenario.iterationInTest);
  sink.add(M.health, v.health);
  sink.add(M.healthReady, v.ready);
  sink.add(M.lag, v.lag);
}

export function handleSummary(data: LoadSummary): Record<string, string> {
  return k6HandleSummary(ctx, data);
}
