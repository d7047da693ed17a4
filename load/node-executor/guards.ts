// Refusals before any load is sent: non-loopback targets, production, and runs larger than the settings allow.
import type { LoadPlan } from '../lib/plan.ts';

export class LoadGuardError extends Error {
  readonly code:
    | 'LOAD_REMOTE_REFUSED'
    | 'LOAD_PRODUCTION_REFUSED'
    | 'LOAD_TOO_LARGE'
    | 'LOAD_INVALID'
    | 'LOAD_UNREACHABLE';
  readonly exitCode = 2;

  constructor(code: LoadGuardError['code'], message: string) {
    super(message);
    this.name = 'LoadGuardError';
    this.code = code;
  }

  get line(): string {
    return `golden-path load: ${this.code}: ${this.message}`;
  }
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return LOOPBACK_NAMES.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
}

export interface GuardOptions {
  allowRemote: boolean;
  allowProduction: boolean;
  maxVus: number;
  maxDurationS: number;
  /** Arrivals per second per endpoint (health-latency). */
  maxRatePerS: number;
  /** Requests in flight per endpoint (health-latency): each is a k6 VU. */
  maxInFlight: number;
}

/** Throws the first refusal, naming the flag or setting that would lift it. */
export function guardPlan(plan: LoadPlan, options: GuardOptions): void {
  if (plan.environment === 'production' && !options.allowProduction) {
    throw new LoadGuardError(
      'LOAD_PRODUCTION_REFUSED',
      'load against production is refused; pass --allow-production if that is really meant',
    );
  }
  const remote = Object.values(plan.urls).filter((u) => !isLoopback(u));
  if (remote.length > 0 && !options.allowRemote) {
    throw new LoadGuardError(
      'LOAD_REMOTE_REFUSED',
      `${remote[0]} is not a loopback address; the Node executor sends load to 127.0.0.1/localhost only unless --allow-remote is given`,
    );
  }
  if (plan.vus < 1) {
    throw new LoadGuardError('LOAD_INVALID', `--vus ${plan.vus} must be at least 1`);
  }
  if (plan.scenario === 'ws-concurrency' && plan.vus > options.maxVus) {
    throw new LoadGuardError(
      'LOAD_TOO_LARGE',
      `${plan.vus} VUs exceed LOAD_MAX_VUS=${options.maxVus}; raise the setting or lower --vus`,
    );
  }
  // Work in progress may run on for the graceful stop: it is part of how long the target is loaded.
  const totalS = plan.rampUpS + plan.durationS + plan.gracefulStopS;
  if (totalS > options.maxDurationS) {
    throw new LoadGuardError(
      'LOAD_TOO_LARGE',
      `a ${totalS} s run (ramp-up ${plan.rampUpS} + window ${plan.durationS} + graceful stop ${plan.gracefulStopS}) exceeds LOAD_MAX_DURATION_S=${options.maxDurationS}; raise the setting or shorten --duration, --ramp-up or --graceful-stop`,
    );
  }
  if (plan.scenario !== 'health-latency') return;
  if (!Number.isInteger(plan.ratePerS) || plan.ratePerS < 1) {
    throw new LoadGuardError(
      'LOAD_INVALID',
      `--rate ${plan.ratePerS} must be a whole number of arrivals per second >= 1 (k6's constant-arrival-rate)`,
    );
  }
  if (plan.ratePerS > options.maxRatePerS) {
    throw new LoadGuardError(
      'LOAD_TOO_LARGE',
      `--rate ${plan.ratePerS} exceeds LOAD_MAX_RATE=${options.maxRatePerS} arrivals per second per endpoint; raise the setting or lower --rate`,
    );
  }
  if (plan.maxInFlight < 1) {
    throw new LoadGuardError('LOAD_INVALID', `--max-in-flight ${plan.maxInFlight} must be >= 1`);
  }
  if (plan.maxInFlight > options.maxInFlight) {
    throw new LoadGuardError(
      'LOAD_TOO_LARGE',
      `--max-in-flight ${plan.maxInFlight} exceeds LOAD_MAX_IN_FLIGHT=${options.maxInFlight} per endpoint; raise the setting or lower --max-in-flight`,
    );
  }
}
