// Refusals before any load is sent: non-loopback targets, production, and runs larger than the settings allow.
import type { LoadPlan } from '../lib/plan.ts';

export class LoadGuardError extends Error {
  readonly code: 'LOAD_REMOTE_REFUSED' | 'LOAD_PRODUCTION_REFUSED' | 'LOAD_TOO_LARGE' | 'LOAD_INVALID';
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
  if (plan.scenario === 'ws-concurrency' && plan.vus > options.maxVus) {
    throw new LoadGuardError(
      'LOAD_TOO_LARGE',
      `${plan.vus} VUs exceed LOAD_MAX_VUS=${options.maxVus}; raise the setting or lower --vus`,
    );
  }
  const totalS = plan.rampUpS + plan.durationS;
  if (totalS > options.maxDurationS) {
    throw new LoadGuardError(
      'LOAD_TOO_LARGE',
      `a ${totalS} s run (ramp-up + window) exceeds LOAD_MAX_DURATION_S=${options.maxDurationS}; raise the setting or shorten --duration`,
    );
  }
  if (plan.scenario === 'health-latency' && (!Number.isInteger(plan.ratePerS) || plan.ratePerS < 1)) {
    throw new LoadGuardError(
      'LOAD_INVALID',
      `--rate ${plan.ratePerS} must be a whole number of arrivals per second >= 1 (k6's constant-arrival-rate)`,
    );
  }
  if (plan.scenario === 'health-latency' && plan.maxInFlight < 1) {
    throw new LoadGuardError('LOAD_INVALID', `--max-in-flight ${plan.maxInFlight} must be >= 1`);
  }
}
