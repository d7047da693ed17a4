// sla.check(id, measurement): judge against the table, append to the ledger, throw SlaBreachError on a breach.
import type { SlaId, SlaTable } from '../config/sla-table.ts';
import { diagnoseSla } from '../diagnosis/diagnose.ts';
import { finding } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note as noteFinding } from '../diagnosis/trail.ts';
import type { Finding } from '../diagnosis/finding.ts';
import { redactText } from '../protocol/redaction.ts';
import { judge, type Measurement, type SlaResult } from './judge.ts';
import { appendToLedger } from './ledger.ts';

export class SlaBreachError extends Error {
  readonly code = 'SLA_BREACHED';
  readonly result: SlaResult;

  constructor(result: SlaResult) {
    super(result.message);
    this.name = 'SlaBreachError';
    this.result = result;
  }

  /** The breach's diagnosis, so a catcher has the value (findingOfError). */
  get finding(): Finding | undefined {
    return this.result.finding;
  }
}

export class SlaRecorder {
  readonly results: SlaResult[] = [];
  readonly #table: SlaTable;
  readonly #environment: string;
  #ledgerDir: string | undefined;
  readonly #source: string;
  readonly #retry: number;

  constructor(table: SlaTable, environment: string, source: string, ledgerDir?: string, retry = 0) {
    this.#retry = retry;
    this.#table = table;
    this.#environment = environment;
    this.#source = source;
    this.#ledgerDir = ledgerDir;
  }

  /** Stop writing to the run's ledger (a test that injects failures must not enter the run's SLA table). */
  detach(): void {
    this.#ledgerDir = undefined;
  }

  get attached(): boolean {
    return this.#ledgerDir !== undefined;
  }

  /** Judge and record without throwing. */
  record(id: SlaId, measurement: Measurement, note?: string): SlaResult {
    const def = this.#table[id];
    // A note is often a server's own words (an error body): it may echo the token it was sent.
    const judged = judge(def, this.#environment, measurement, note ? redactText(note) : undefined);
    const result = judged.pass ? judged : { ...judged, finding: breachFinding(judged) };
    this.results.push(result);
    if (this.#ledgerDir) {
      const samples = Array.isArray(measurement) ? [...(measurement as number[])] : undefined;
      appendToLedger(this.#ledgerDir, {
        ...result,
        source: this.#source,
        at: new Date().toISOString(),
        ...(this.#retry > 0 ? { retry: this.#retry } : {}),
        ...(samples && samples.length <= 1000 ? { samples } : {}),
      });
    }
    return result;
  }

  /** Judge, record, and throw when breached or not measured. */
  check(id: SlaId, measurement: Measurement, note?: string): SlaResult {
    const result = this.record(id, measurement, note);
    if (!result.pass)
      throw new SlaBreachError({ ...result, message: withCause(result.message, result.finding) });
    return result;
  }
}

/** The class a breach points to by its SLA id (noted for the test), else unclassified. */
function breachFinding(r: SlaResult): Finding {
  const known = diagnoseSla(r.id, r.message);
  return known ? noteFinding(known) : finding('unclassified', `sla.${r.id}`, r.message);
}
