// The metrics endpoint scraped as Prometheus would: a real HTTP client (undici fetch) against /metrics, the
// exposition format's content type, HELP/TYPE lines and the figures of the runs observed.
import { expect, test } from '@playwright/test';
import { fetch } from 'undici';
import { MonitorMetrics } from './metrics.ts';
import { CHECK, at, sampleRun } from './sample-runs.ts';

test('GET /metrics: SLA values and states, check state and timing, runs by outcome, GenAI time to first token', async () => {
  const metrics = new MonitorMetrics('local');
  metrics.observe(sampleRun('passed', at(0)));
  const failed = sampleRun('failed', at(1));
  metrics.observe(failed);
  const { server, url } = await metrics.serve(0);
  try {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    const lines = text.split('\n');
    const value = (prefix: string): number => {
      const l = lines.find((x) => x.startsWith(prefix));
      expect(l, `a sample line starting ${prefix}`).toBeDefined();
      return Number(l?.slice(prefix.length).trim());
    };
    expect(lines).toContain('# TYPE golden_path_sla_last_value gauge');
    expect(lines).toContain('# TYPE golden_path_monitor_runs_total counter');
    expect(lines).toContain('# TYPE gen_ai_server_time_to_first_token_seconds histogram');
    expect(value('golden_path_sla_last_value{sla="auth.login.latency",unit="s",environment="local"}')).toBe(
      0.9,
    );
    expect(value('golden_path_sla_state{sla="auth.login.latency",state="failed",environment="local"}')).toBe(
      1,
    );
    expect(value('golden_path_sla_state{sla="auth.login.latency",state="passed",environment="local"}')).toBe(
      0,
    );
    const check = CHECK.replace(/"/g, '\\"');
    expect(value(`golden_path_check_state{check="${check}",state="failed",environment="local"}`)).toBe(1);
    expect(value(`golden_path_check_duration_seconds{check="${check}",environment="local"}`)).toBe(4.2);
    expect(value(`golden_path_check_last_run_timestamp_seconds{check="${check}",environment="local"}`)).toBe(
      Date.parse(failed.endedAt) / 1000,
    );
    expect(value('golden_path_monitor_runs_total{outcome="failed",environment="local"}')).toBe(1);
    expect(value('golden_path_monitor_runs_total{outcome="passed",environment="local"}')).toBe(1);
    expect(value('golden_path_monitor_runs_total{outcome="crashed",environment="local"}')).toBe(0);
    expect(value('gen_ai_server_time_to_first_token_seconds_count{environment="local"}')).toBe(2);
    expect(value('gen_ai_server_time_to_first_token_seconds_sum{environment="local"}')).toBe(2.5);
    expect(value('gen_ai_server_time_to_first_token_seconds_bucket{le="2.5",environment="local"}')).toBe(2);
    expect(value('gen_ai_server_time_to_first_token_seconds_bucket{le="1",environment="local"}')).toBe(0);
    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
  } finally {
    server.close();
  }
});
