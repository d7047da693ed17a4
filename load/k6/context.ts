// The init-context state every k6 scenario shares: the plan from __ENV, its profile, SLA table and thresholds.
import type { Options } from 'k6/options';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import type { Profile } from '../../profiles/define.ts';
import { applyProfileOverrides } from '../../src/config/profile-overrides.ts';
import { buildSlaTable, type SlaTable } from '../../src/config/sla-table.ts';
import { FrameReader } from '../../src/protocol/frames.ts';
import type { ScenarioName } from '../lib/load-shapes.ts';
import { planFromEnv, usersFromEnv, type LoadPlan, type LoadUser } from '../lib/plan.ts';
import { TREND_STATS } from '../lib/summary.ts';
import { k6Thresholds, thresholdRules, type ThresholdRule } from '../lib/thresholds.ts';
import { SYSTEM_TAGS } from '../lib/request-tags.ts';
import { companionThresholds } from '../lib/companions.ts';
import { hdrThresholds } from '../lib/hdr-carrier.ts';
import { metricsOf } from '../lib/metrics.ts';
import { useK6Trace } from './trace.ts';

export interface K6Context {
  plan: LoadPlan;
  profile: Profile;
  reader: FrameReader;
  sla: SlaTable;
  users: LoadUser[];
  rules: ThresholdRule[];
}

export function k6Context(scenario: ScenarioName): K6Context {
  const env: Record<string, string | undefined> = { GP_SCENARIO: scenario, ...__ENV };
  const name = env.GP_PROFILE || 'default';
  const builtIn = BUILT_IN_PROFILES[name];
  if (!builtIn)
    throw new Error(
      `LOAD_PLAN_INVALID: GP_PROFILE="${name}" is not a bundled profile (${Object.keys(BUILT_IN_PROFILES).join(', ')})`,
    );
  // Name-override settings (WS_PATH, LOGIN_PATH, …) arrive as -e and change the profile as src/config does.
  const profile = applyProfileOverrides(builtIn, __ENV);
  const plan = planFromEnv(env, profile.probe);
  if (plan.scenario !== scenario)
    throw new Error(`LOAD_PLAN_INVALID: GP_SCENARIO=${plan.scenario} but this script is ${scenario}`);
  const users = usersFromEnv(__ENV);
  const sla = buildSlaTable(plan.sla);
  const login = users.some((u) => !u.token);
  const rules = thresholdRules(scenario, sla, { isolation: profile.authEnforced, login });
  useK6Trace(plan.traceId, profile.requestIdHeader);
  return { plan, profile, reader: new FrameReader(profile), sla, users, rules };
}

/** Options every scenario shares: thresholds from the SLA table, trend statistics with their n. */
export function baseOptions(ctx: K6Context): Options {
  return {
    thresholds: {
      ...k6Thresholds(ctx.rules),
      ...companionThresholds(ctx.plan.scenario, ctx.rules),
      // The HDR buckets' sub-metrics (load/lib/hdr-carrier.ts): k6 reads options only from the init context of
      // __VU 0, so every other VU skips building these 1 600 entries per trend (half the carrier's start-up cost).
      ...(optionsVu() ? hdrThresholds(trendsOf(ctx.plan.scenario)) : {}),
    },
    summaryTrendStats: [...TREND_STATS],
    // The harness judges every answer itself; k6 must not follow a redirect away from the target.
    maxRedirects: 0,
    // No `url`, `subproto` or `error` tag on any sample: a URL, an echoed subprotocol or an error text may carry a
    // token; requests are named (`tags: { name }`) instead.
    systemTags: [...SYSTEM_TAGS],
  };
}

/** The catalogue's trends k6 measures: each carries its HDR buckets. */
export function trendsOf(scenario: ScenarioName): string[] {
  return metricsOf(scenario)
    .filter((d) => d.kind === 'trend' && !d.k6Builtin)
    .map((d) => d.name);
}

/** The init context k6 reads `options` from (__VU 0); an emulation without __VU counts as it. */
function optionsVu(): boolean {
  return typeof __VU === 'undefined' || __VU === 0;
}
