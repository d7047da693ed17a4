// What one WebSocket upgrade attempt came to and how its token was carried: plain facts, below the connection.
import type { AuthCarrier } from '../../profiles/define.ts';
import type { NetworkKind } from '../diagnosis/evidence.ts';

export interface CloseInfo {
  code: number;
  reason: string;
  /** ms since the connection attempt started. */
  atMs: number;
}

/** What an upgrade attempt came to; never throws. */
export type UpgradeOutcome =
  | { kind: 'open'; protocol: string; upgradeMs: number; offered: string[] }
  | {
      kind: 'rejected';
      status: number;
      /** The answer's first bytes, redacted. */
      body: string;
      contentType?: string;
      location?: string;
      upgradeMs: number;
    }
  | { kind: 'network-error'; reason: string; network: NetworkKind; ms: number }
  | { kind: 'timeout'; ms: number };

/** Facts for diagnosis: how the token was carried, whether it was meant to be refused. */
export interface UpgradeMeta {
  carriers: AuthCarrier['kind'][];
  tokenSent: boolean;
  badToken: boolean;
  echoCarriesToken: boolean;
}
