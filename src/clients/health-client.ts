// The infra checks behind one client: health, readiness, infrastructure, 5xx bursts, header forwarding, versions,
// TLS, CORS. Each returns a Verdict; every call goes through one HttpClient (evidence, 5xx count); SLA values go
// to the recorder when one is given.
import type { Config, SlaId, TestUser } from '../config/index.ts';
import { redact } from '../config/secret.ts';
import { checkCors } from '../health/cors-check.ts';
import { checkHeaderForwarding } from '../health/forwarding-check.ts';
import { checkInfrastructure } from '../health/infrastructure-check.ts';
import { checkExtraProbes, checkLiveness, checkWsHealth } from '../health/liveness-check.ts';
import { serverErrors } from '../health/liveness.ts';
import type { AnswerWithHeaders, CallOptions, ProbeContext } from '../health/probe-context.ts';
import { checkReadiness } from '../health/readiness-check.ts';
import { checkReadinessConsistency } from '../health/readiness-consistency.ts';
import { checkTls } from '../health/tls-check.ts';
import { checkVersions } from '../health/version-check.ts';
import { cause, verdict, type Verdict, type VerdictParts } from '../health/verdict.ts';
import { judge, type Measurement, type SlaResult } from '../sla/judge.ts';
import type { SlaRecorder } from '../sla/recorder.ts';
import { ClientError } from './errors.ts';
import { HttpClient, httpFact, type Exchange } from './http.ts';
import { diagnoseIntermediary } from '../diagnosis/intermediaries.ts';

export interface HealthClientOptions {
  /** Where SLA values go (the run's ledger); without it they are judged but recorded nowhere (self-tests). */
  sla?: SlaRecorder;
  http?: HttpClient;
}

export class HealthClient {
  readonly config: Config;
  readonly http: HttpClient;
  /** Every verdict given, for evidence and "not applicable" annotations. */
  readonly verdicts: Verdict[] = [];
  readonly #sla: SlaRecorder | undefined;
  readonly #ctx: ProbeContext;

  constructor(config: Config, options: HealthClientOptions = {}) {
    this.config = config;
    this.http = options.http ?? new HttpClient();
    this.#sla = options.sla;
    this.#ctx = {
      config,
      call: (url, what, callOptions) => this.#call(url, what, callOptions),
      judgeSla: (id, measurement, note) => this.#judgeSla(id, measurement, note),
    };
  }

  /** `/health` of the API and the auth service, HEALTH_SAMPLES times each: healthy bodies and `health.latency`. */
  readonly liveness = this.#probe(checkLiveness);

  /** The WebSocket service's health endpoint, when the profile names one. */
  readonly wsHealth = this.#probe(checkWsHealth);

  /** The profile's extra probes (path → status and body predicate). */
  readonly extraProbes = this.#probe(checkExtraProbes);

  /** `/health/ready` within `health.ready.latency`, dependencies named; a hanging call is cut at that bound. */
  readonly readiness = this.#probe(checkReadiness);

  /** Five readiness calls in a row and three at once: none fails, the slowest within a factor of the mean. */
  readonly readinessConsistency = this.#probe(checkReadinessConsistency);

  /** `/health/infrastructure`: database status and connection time, pool utilisation, cache, auth service. */
  readonly infrastructure = this.#probe(checkInfrastructure);

  /** Each auth carrier alone through the public URL, and the authenticated HTTP call (F4). */
  async headerForwarding(user: TestUser): Promise<Verdict> {
    return this.#give(await checkHeaderForwarding(this.config, this.http, user));
  }

  /** Versions/commits of the API, the auth service and the frontend agree, or equal EXPECTED_VERSION (F12). */
  readonly versions = this.#probe(checkVersions);

  /** Certificates of the https/wss origins; a plain-http origin is reported not applicable, never passed. */
  readonly tls = this.#probe(checkTls);

  /** Browser preflights from WEB_URL's origin to the API and the auth service. */
  readonly cors = this.#probe(checkCors);

  /** Any 5xx among every call this client made so far (the cold-start burst, F7), as `ws.no_internal_errors`. */
  serverErrors(): Verdict {
    const report = serverErrors(this.http.exchanges);
    return this.#give({
      check: 'health.no-5xx',
      diagnosis: cause('service unavailable: 5xx burst', 'F7'),
      summary: `no 5xx in ${report.total} answers`,
      problems: report.problem ? [report.problem] : [],
      sla: [this.#judgeSla('ws.no_internal_errors', report.count, `5xx among ${report.total} infra answers`)],
      evidence: { count: report.count, total: report.total },
    });
  }

  evidence(): unknown {
    return { http: this.http.exchanges, verdicts: this.verdicts };
  }

  /** A check of the probe context as a method of this client: its verdict given and kept. */
  #probe(check: (ctx: ProbeContext) => Promise<VerdictParts>): () => Promise<Verdict> {
    return async () => {
      const from = this.http.exchanges.length;
      const parts = await check(this.#ctx);
      return this.#give(parts, this.http.exchanges.slice(from));
    };
  }

  /**
   * A failed check whose own calls met a proxy's answer — an HTML page where JSON was expected (F19), a redirect
   * (F20), a 502/504 (F18) — is named for that answer: it explains whatever the check then found wrong.
   */
  #give(parts: VerdictParts, exchanges: readonly Exchange[] = []): Verdict {
    const between = diagnoseIntermediary({ http: exchanges.filter((x) => !x.network).map(httpFact) });
    const v = verdict(between ? { ...parts, intermediary: between } : parts);
    this.verdicts.push(v);
    return v;
  }

  #judgeSla(id: SlaId, measurement: Measurement, note: string): SlaResult {
    const clean = redact(note);
    if (this.#sla) return this.#sla.record(id, measurement, clean);
    return judge(this.config.sla[id], this.config.environment, measurement, clean);
  }

  /** One call that never throws: a timeout or network failure becomes `error` on the answer. */
  async #call(url: string, what: string, options: CallOptions = {}): Promise<AnswerWithHeaders> {
    const timeoutMs = options.timeoutMs ?? this.config.timeouts.requestMs;
    try {
      const res = await this.http.call(url, {
        ...options,
        timeoutMs,
        what,
        expectJson: options.expectJson ?? true,
      });
      return { url, status: res.status, text: res.text, json: res.json, ms: res.ms, headers: res.headers };
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      const ms = typeof error.evidence.ms === 'number' ? error.evidence.ms : timeoutMs;
      const reason = typeof error.evidence.reason === 'string' ? error.evidence.reason : error.message;
      return { url, ms, error: error.code === 'HTTP_TIMEOUT' ? 'timeout' : reason, headers: {} };
    }
  }
}
