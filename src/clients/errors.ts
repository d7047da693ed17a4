// Client errors with stable codes (like undici's UND_ERR_*); messages name the phase, the URL and what was seen.
import type { Finding } from '../diagnosis/finding.ts';

export type ClientErrorCode =
  | 'TARGET_UNREACHABLE'
  | 'HTTP_TIMEOUT'
  | 'HTTP_STATUS'
  | 'AUTH_FAILED'
  | 'AUTH_UNAVAILABLE'
  | 'AUTH_REGISTER_FAILED'
  | 'TOKEN_MISSING'
  | 'WS_UPGRADE_REJECTED'
  | 'WS_CONNECT_FAILED'
  | 'WS_HANDSHAKE_TIMEOUT'
  | 'WS_CLOSED_BEFORE_READY'
  | 'WS_READY_TIMEOUT'
  | 'WS_AUTH_REFUSED'
  | 'WS_CLOSED_MID_RUN'
  | 'WS_SUBPROTOCOL'
  | 'PROFILE_MISMATCH'
  | 'IDENTITY_UNKNOWN'
  | 'WS_WRONG_IDENTITY'
  | 'THREAD_CREATE_FAILED'
  | 'SEND_FAILED'
  | 'AGENT_EVENT_TIMEOUT'
  | 'AGENT_ERROR'
  | 'PONG_TIMEOUT';

export class ClientError extends Error {
  readonly code: ClientErrorCode;
  /** Structured facts for diagnosis and reports (never secrets). */
  readonly evidence: Readonly<Record<string, unknown>>;
  /** The diagnosis made where the evidence was, when it named a class. */
  readonly finding: Finding | undefined;
  /** The message without its code prefix. */
  readonly detail: string;

  constructor(
    code: ClientErrorCode,
    message: string,
    evidence: Record<string, unknown> = {},
    finding?: Finding,
  ) {
    super(`${code}: ${message}`);
    this.name = 'ClientError';
    this.code = code;
    this.evidence = evidence;
    this.finding = finding;
    this.detail = message;
  }
}

/** Network error codes → a plain phrase for the one-line unreachable message. */
export function describeNetworkError(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  const code = e.cause?.code ?? e.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'DNS lookup failed';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect timeout';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS error (${code})`;
    default:
      return code ?? (e.cause?.message || e.message || String(error)).split('\n')[0] ?? 'unknown error';
  }
}
