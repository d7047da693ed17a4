// The run history's shape: one record per run with its checks, SLA measurements and findings, shared by every store
// (SQLite by default, Postgres for monitors that run from several places) and by everything that writes or reads it
// (monitor, gate, nightly, load, `npm run history`, alerts, metrics, status page).
import type { Finding } from '../diagnosis/finding.ts';
import type { SlaStatus } from '../sla/judge.ts';

export type RunKind = 'monitor' | 'gate' | 'nightly' | 'load';
/** A run's outcome; `crashed` is a run that did not finish (the harness died or hit its deadline): still a record. */
export type RunState = 'passed' | 'degraded' | 'failed' | 'crashed';
/** One check (a test, or a load scenario) in one run. n/a is its own state, never a pass. */
export type CheckState = 'passed' | 'flaky' | 'failed' | 'n/a' | 'skipped';

export interface CheckRecord {
  /** Stable name: the test's title path (`file › describe › title`) or `load:<scenario>`. */
  name: string;
  state: CheckState;
  durationMs: number;
  /** Attempts beyond the first (a pass with retries > 0 is flaky). */
  retries: number;
  finding?: Finding;
  /** W3C trace id the harness sent with the check's requests, and the request id the product answered with. */
  traceId?: string;
  requestId?: string;
}

export interface SlaRecord {
  /** The SLA id with its statistic, e.g. `auth.login.p95` as the SLA table names it. */
  id: string;
  status: SlaStatus;
  measured: number | null;
  target: number;
  degraded?: number;
  unit: string;
  n: number;
  /** What a result that did not pass points to. */
  finding?: Finding;
}

export interface RunRecord {
  /** Unique per run (a UUID). */
  id: string;
  kind: RunKind;
  environment: string;
  /** What ran: a tag (`@smoke`), a project, a grep or a load scenario. */
  selection: string;
  startedAt: string;
  endedAt: string;
  state: RunState;
  exitCode: number | null;
  harnessCommit?: string;
  traceId?: string;
  checks: CheckRecord[];
  slas: SlaRecord[];
  /** Findings of the run as a whole (a harness error, a regression against the baseline, a new flake). */
  findings?: Finding[];
}

export interface RunQuery {
  environment?: string;
  /** One kind, or any of several (a functional baseline reads gate, nightly and monitor runs alike). */
  kind?: RunKind | readonly RunKind[];
  selection?: string;
  since?: Date;
  /** Newest first; at most this many. */
  limit?: number;
}

export interface SlaPoint {
  runId: string;
  at: string;
  measured: number | null;
  status: SlaStatus;
  target: number;
  degraded?: number;
  unit: string;
  /** The state of the run that measured it (`last-green` baselines read it). */
  runState: RunState;
  kind: RunKind;
}

export interface CheckPoint {
  runId: string;
  at: string;
  state: CheckState;
  finding?: Finding;
}

/** An alert the monitor sent (kept so alerts fire on transitions only, and reminders on a schedule). */
export interface AlertRecord {
  environment: string;
  /** The check (or `run` for the run as a whole) the alert is about. */
  subject: string;
  kind: 'failing' | 'recovered' | 'reminder';
  at: string;
  runId: string;
  delivered: boolean;
}

export interface HistoryStore {
  /** Creates or upgrades the schema (idempotent; numbered migrations). */
  migrate(): Promise<void>;
  record(run: RunRecord): Promise<void>;
  /** Newest first. */
  runs(q?: RunQuery): Promise<RunRecord[]>;
  /** Oldest first: one point per run that measured the SLA. */
  series(slaId: string, q?: Omit<RunQuery, 'limit'>): Promise<SlaPoint[]>;
  /** Newest first. */
  checkHistory(check: string, q?: RunQuery): Promise<CheckPoint[]>;
  recordAlert(alert: AlertRecord): Promise<void>;
  lastAlert(environment: string, subject: string): Promise<AlertRecord | undefined>;
  close(): Promise<void>;
}
