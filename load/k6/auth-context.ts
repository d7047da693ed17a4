// What getting a token in k6 needs (the profile, the target's URLs, a bound, a metric sink, declared settings):
// shared by the strategies (auth.ts) and the profile's hook (token-hook.ts).
import type { Profile } from '../../profiles/define.ts';
import type { MetricSink } from '../lib/session.ts';

export interface K6Auth {
  profile: Profile;
  urls: { api: string; auth: string; web: string };
  timeoutMs: number;
  sink: MetricSink;
  /** The VU's clock (k6/clock.ts): when getting a token started is the journey's start. */
  now: () => number;
  /**
   * Where the http strategies' declared settings are read: k6's __ENV, which holds k6's process environment
   * (where the launcher puts secrets) and the -e values.
   */
  settings: Readonly<Record<string, string | undefined>>;
}
