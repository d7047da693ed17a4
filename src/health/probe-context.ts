// What a check needs from the health client: the config, bounded calls that never throw, and SLA judging.
import type { Config, SlaId } from '../config/index.ts';
import type { Measurement, SlaResult } from '../sla/judge.ts';
import type { Answer } from './liveness.ts';

export interface CallOptions {
  method?: 'GET' | 'OPTIONS';
  headers?: Record<string, string>;
  /** Default: REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The endpoint answers JSON (default true): an HTML page there (an app shell, a proxy page) is named F19. */
  expectJson?: boolean;
}

export type AnswerWithHeaders = Answer & { headers: Readonly<Record<string, string | string[] | undefined>> };

export interface ProbeContext {
  config: Config;
  /** One call; a timeout or network failure is `error` on the answer (`'timeout'` for a timeout). */
  call(url: string, what: string, options?: CallOptions): Promise<AnswerWithHeaders>;
  /** Judge (and, with a recorder, record) one SLA measurement. */
  judgeSla(id: SlaId, measurement: Measurement, note: string): SlaResult;
}
