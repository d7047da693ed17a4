// Bench and test aid: health-latency on Node for 2 s at 20/s with this process's event loop blocked for 600 ms one
// second in, so arrivals due meanwhile leave late (the stall must land in schedule lag and latency).
import type { Config } from '../../src/config/index.ts';
import type { LoadSummary } from '../lib/summary.ts';
import { planFromConfig } from './plan-from-config.ts';
import { runNodeScenario } from './run.ts';

export const STALL_MS = 600;

export async function runWithSenderStall(config: Config, outDir: string): Promise<LoadSummary> {
  const plan = planFromConfig(
    { scenario: 'health-latency', durationS: 2, ratePerS: 20, maxInFlight: 50, gracefulStopS: 1 },
    config,
  );
  setTimeout(() => {
    const until = Date.now() + STALL_MS;
    while (Date.now() < until);
  }, 1000);
  return (await runNodeScenario(plan, config, { outDir, allowRemote: false })).summary;
}
