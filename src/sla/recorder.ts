// sla.check(id, measurement): judge against the table, append to the ledger, throw SlaBreachError on a breach.
import type { SlaId, SlaTable } from '../config/sla-table.ts';
import { formatDiagnosis } from '../diagnosis/catalogue.ts';
import { diagnoseSla } from '../diagnosis/diagnose.ts';
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
}

export class SlaRecorder {
  readonly results: SlaResult[] = [];
  readonly #table: SlaTable;
  readonly #environment: string;
  #ledgerDir: string | undefined;
  readonly #source: string;

  constructor(table: SlaTable, environment: string, source: string, ledgerDir?: string) {
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
    const result = judge(def, this.#environment, measurement, note || undefined);
    this.results.push(result);
    if (this.#ledgerDir) {
      const samples = Array.isArray(measurement) ? [...(measurement as number[])] : undefined;
      appendToLedger(this.#ledgerDir, {
        ...result,
        source: this.#source,
        at: new Date().toISOString(),
        ...(samples && samples.length <= 1000 ? { samples } : {}),
      });
    }
    return result;
  }

  /** Judge, record, and throw when breached or not measured. */
  check(id: SlaId, measurement: Measurement, note?: string): SlaResult {
    const result = this.record(id, measurement, note);
    if (!result.pass) {
      const diagnosis = diagnoseSla(id, result.message);
      throw new SlaBreachError(
        diagnosis ? { ...result, message: `${result.message}\n${formatDiagnosis(diagnosis)}` } : result,
      );
    }
    return result;
  }
}
