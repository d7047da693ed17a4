// Alerts on change: the monitor's run going red (with its Finding and since when), going green again (with the
// outage's length), a reminder while it stays red; nothing while a state holds. Delivered to a webhook (Slack's
// incoming-webhook shape or plain JSON) through undici's RetryAgent; a webhook that fails never fails the run.
import { Agent, type Dispatcher, RetryAgent, request } from 'undici';
import type { Finding } from '../diagnosis/finding.ts';
import { formatDuration } from '../format/duration.ts';
import type { AlertRecord, HistoryStore, RunRecord } from '../history/types.ts';
import { redactValue } from '../protocol/redaction.ts';
import type { MonitorRunEvent } from './loop.ts';

export type AlertFormat = 'slack' | 'json';
export type AlertKind = AlertRecord['kind'];

/** What an alert says, whatever the format (the JSON format posts exactly this). */
export interface AlertMessage {
  kind: AlertKind;
  environment: string;
  /** What went red: the monitor's selection as a whole (`run`). */
  subject: string;
  state: RunRecord['state'];
  /** When the red streak began (failing, reminder) or began and ended (recovered). */
  since: string;
  /** recovered: how long it was red. */
  outageMs?: number;
  runId: string;
  /** The first failed check and its Finding (failing, reminder). */
  check?: string;
  finding?: Finding;
  traceId?: string;
  requestId?: string;
  text: string;
}

export interface AlertOptions {
  url: string;
  format: AlertFormat;
  /** While red, a reminder this long after the last alert (undefined: none). */
  remindMs?: number;
  store?: HistoryStore;
  /** Retries: attempts beyond the first, and the first wait (doubling each time). */
  retries?: number;
  minBackoffMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

export interface AlertOutcome {
  message: AlertMessage;
  delivered: boolean;
  /** Why it was not delivered, in one line. */
  error?: string;
}

const SUBJECT = 'run';
const isRed = (state: RunRecord['state']): boolean => state === 'failed' || state === 'crashed';

export class Alerter {
  private readonly dispatcher: Dispatcher;
  /** Without a store, the newest alert of this process (a store keeps it across restarts). */
  private last: AlertRecord | undefined;

  constructor(private readonly options: AlertOptions) {
    this.dispatcher = new RetryAgent(new Agent(), {
      maxRetries: options.retries ?? 3,
      minTimeout: options.minBackoffMs ?? 500,
      maxTimeout: 10_000,
      timeoutFactor: 2,
      methods: ['POST'],
      statusCodes: [429, 500, 502, 503, 504],
    });
  }

  /** Decides whether this run is news, and sends it; resolves with what was sent (undefined: nothing was). */
  async onRun(e: MonitorRunEvent): Promise<AlertOutcome | undefined> {
    const run = e.run;
    const last = await this.lastAlert(run.environment);
    const red = isRed(run.state);
    const now = this.options.now?.() ?? Date.now();
    let kind: AlertKind | undefined;
    if (red && (last === undefined || last.kind === 'recovered')) kind = 'failing';
    else if (
      red &&
      this.options.remindMs !== undefined &&
      now - Date.parse(last?.at ?? '') >= this.options.remindMs
    )
      kind = 'reminder';
    else if (!red && last !== undefined && last.kind !== 'recovered') kind = 'recovered';
    if (kind === undefined) return undefined;
    const message = await this.compose(kind, run);
    const outcome = await this.deliver(message);
    const record: AlertRecord = {
      environment: run.environment,
      subject: SUBJECT,
      kind,
      at: new Date(now).toISOString(),
      runId: run.id,
      delivered: outcome.delivered,
    };
    this.last = record;
    await this.options.store?.recordAlert(record).catch(() => undefined);
    return outcome;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async lastAlert(environment: string): Promise<AlertRecord | undefined> {
    const stored = await this.options.store?.lastAlert(environment, SUBJECT).catch(() => undefined);
    return stored ?? this.last;
  }

  /** The start of the red streak this run belongs to (or, recovering, the one it ends), from the history. */
  private async streakStart(run: RunRecord): Promise<string> {
    const runs = (await this.options.store
      ?.runs({ kind: 'monitor', environment: run.environment, limit: 500 })
      .catch(() => [])) ?? [run];
    const older = runs.filter((r) => r.id !== run.id && r.startedAt <= run.startedAt);
    let since = isRed(run.state) ? run.startedAt : undefined;
    for (const r of older) {
      if (!isRed(r.state)) break;
      since = r.startedAt;
    }
    return since ?? run.startedAt;
  }

  private async compose(kind: AlertKind, run: RunRecord): Promise<AlertMessage> {
    const since = await this.streakStart(run);
    const failed = run.checks.find((c) => c.state === 'failed');
    const finding = failed?.finding ?? run.findings?.[0];
    const where = `golden-path monitor (${run.environment}, ${run.selection})`;
    const outageMs = kind === 'recovered' ? Date.parse(run.endedAt) - Date.parse(since) : undefined;
    const trace = failed?.traceId ?? run.traceId;
    const text =
      kind === 'recovered'
        ? `RECOVERED ${where}: ${run.state} again after ${outage(outageMs ?? 0)} red (since ${since})`
        : `${kind === 'failing' ? 'FAILING' : 'STILL FAILING'} ${where} since ${since}: ${
            finding ? `${finding.class} ${finding.summary}` : run.state
          }${failed ? ` — ${failed.name}` : ''}${trace ? ` — trace ${trace}` : ''}${
            failed?.requestId ? ` request ${failed.requestId}` : ''
          }`;
    // Findings are made redacted; the whole message goes through the redactor once more, as everything sent out does.
    return redactValue({
      kind,
      environment: run.environment,
      subject: SUBJECT,
      state: run.state,
      since,
      ...(outageMs !== undefined ? { outageMs } : {}),
      runId: run.id,
      ...(kind !== 'recovered' && failed ? { check: failed.name } : {}),
      ...(kind !== 'recovered' && finding ? { finding } : {}),
      ...(trace ? { traceId: trace } : {}),
      ...(failed?.requestId ? { requestId: failed.requestId } : {}),
      text,
    });
  }

  private async deliver(message: AlertMessage): Promise<AlertOutcome> {
    const body = JSON.stringify(this.options.format === 'slack' ? slackBody(message) : message);
    try {
      const res = await request(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        dispatcher: this.dispatcher,
        headersTimeout: this.options.timeoutMs ?? 10_000,
        bodyTimeout: this.options.timeoutMs ?? 10_000,
      });
      await res.body.dump();
      if (res.statusCode >= 300)
        return { message, delivered: false, error: `the webhook answered ${res.statusCode}` };
      return { message, delivered: true };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { message, delivered: false, error: why.split('\n')[0] ?? why };
    }
  }
}

/** Slack's incoming-webhook body: the text as the notification, the details as fields. */
export function slackBody(m: AlertMessage): Record<string, unknown> {
  const fields = [
    ['environment', m.environment],
    ['state', m.state],
    ['since', m.since],
    ...(m.outageMs !== undefined ? [['outage', outage(m.outageMs)]] : []),
    ...(m.finding ? [['finding', `${m.finding.class} ${m.finding.code}`]] : []),
    ...(m.traceId ? [['trace id', m.traceId]] : []),
    ...(m.requestId ? [['request id', m.requestId]] : []),
    ['run', m.runId],
  ];
  return {
    text: m.text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: m.text } },
      {
        type: 'section',
        fields: fields.map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${v}` })),
      },
    ],
  };
}

/** An outage as on-call reads it: `45.0 s`, `3 min 30 s`, `2 h 5 min`. */
export function outage(ms: number): string {
  if (ms < 60_000) return formatDuration(ms);
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
