// The monitor's figures for the team's own Prometheus/Grafana (prom-client): each SLA's last value and state, each
// check's last run, duration and state, runs by outcome; the streaming figures under their OpenTelemetry GenAI names.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunRecord } from '../history/types.ts';

const SLA_STATES = ['passed', 'degraded', 'failed', 'unmeasured', 'reported'] as const;
const CHECK_STATES = ['passed', 'flaky', 'failed', 'n/a', 'skipped'] as const;
const RUN_STATES = ['passed', 'degraded', 'failed', 'crashed'] as const;

/** OTel GenAI semconv metrics (histograms, unit s) the harness's SLAs measure, with the semconv's own buckets. */
const GENAI: Record<string, { name: string; help: string }> = {
  'agent.stream.first_token': {
    name: 'gen_ai_server_time_to_first_token_seconds',
    help: 'gen_ai.server.time_to_first_token: time to the first streamed token of the answer, as the monitor saw it',
  },
};
const GENAI_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const seconds = (value: number, unit: string): number => (unit === 'ms' ? value / 1000 : value);

export class MonitorMetrics {
  readonly registry = new Registry();
  private readonly slaValue: Gauge;
  private readonly slaState: Gauge;
  private readonly checkLast: Gauge;
  private readonly checkDuration: Gauge;
  private readonly checkState: Gauge;
  private readonly runs: Counter;
  private readonly runDuration: Gauge;
  private readonly runState: Gauge;
  private readonly genai = new Map<string, Histogram>();

  constructor(environment: string) {
    this.registry.setDefaultLabels({ environment });
    const r = [this.registry];
    const gauge = (name: string, help: string, labelNames: string[] = []): Gauge =>
      new Gauge({ name, help, labelNames, registers: r });
    this.slaValue = gauge(
      'golden_path_sla_last_value',
      'The newest measurement of each SLA, in its unit (ms figures as seconds)',
      ['sla', 'unit'],
    );
    this.slaState = gauge(
      'golden_path_sla_state',
      'Each SLA’s newest status: 1 for the status it is in, 0 for the others',
      ['sla', 'state'],
    );
    this.checkLast = gauge(
      'golden_path_check_last_run_timestamp_seconds',
      'When each check last ran (Unix time of its run’s end)',
      ['check'],
    );
    this.checkDuration = gauge(
      'golden_path_check_duration_seconds',
      'How long each check took in its newest run',
      ['check'],
    );
    this.checkState = gauge(
      'golden_path_check_state',
      'Each check’s newest state: 1 for the state it is in, 0 for the others',
      ['check', 'state'],
    );
    this.runs = new Counter({
      name: 'golden_path_monitor_runs_total',
      help: 'Monitor runs by outcome',
      labelNames: ['outcome'],
      registers: r,
    });
    for (const outcome of RUN_STATES) this.runs.inc({ outcome }, 0);
    this.runDuration = gauge(
      'golden_path_monitor_run_duration_seconds',
      'How long the newest monitor run took',
    );
    this.runState = gauge(
      'golden_path_monitor_run_state',
      'The newest monitor run’s outcome: 1 for the state it is in, 0 for the others',
      ['state'],
    );
    for (const [, g] of Object.entries(GENAI))
      this.genai.set(
        g.name,
        new Histogram({ name: g.name, help: g.help, buckets: GENAI_BUCKETS, registers: r }),
      );
  }

  /** Takes a finished run's figures (called for every run, crashed ones included). */
  observe(run: RunRecord): void {
    const ended = Date.parse(run.endedAt) / 1000;
    this.runs.inc({ outcome: run.state });
    this.runDuration.set(ended - Date.parse(run.startedAt) / 1000);
    for (const state of RUN_STATES) this.runState.set({ state }, state === run.state ? 1 : 0);
    for (const c of run.checks) {
      this.checkLast.set({ check: c.name }, ended);
      this.checkDuration.set({ check: c.name }, c.durationMs / 1000);
      for (const state of CHECK_STATES)
        this.checkState.set({ check: c.name, state }, state === c.state ? 1 : 0);
    }
    for (const s of run.slas) {
      for (const state of SLA_STATES) this.slaState.set({ sla: s.id, state }, state === s.status ? 1 : 0);
      if (s.measured === null) continue;
      this.slaValue.set({ sla: s.id, unit: s.unit === 'ms' ? 's' : s.unit }, seconds(s.measured, s.unit));
      const genai = GENAI[s.id];
      if (genai && s.unit === 'ms') this.genai.get(genai.name)?.observe(seconds(s.measured, s.unit));
    }
  }

  /** Serves GET /metrics on 127.0.0.1:<port> (0: a free port); resolves with the server and its URL. */
  async serve(port: number, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    return { server, url: `http://${host}:${bound}/metrics` };
  }
}
