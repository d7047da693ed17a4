// Client errors with stable codes (like undici's UND_ERR_*); messages name the phase, the URL and what was seen.
import type { NetworkKind } from '../diagnosis/evidence.ts';
import type { Finding } from '../diagnosis/finding.ts';
import { redactText } from '../protocol/redaction.ts';

export type ClientErrorCode =
  | 'TARGET_UNREACHABLE'
  | 'TARGET_UNAVAILABLE'
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
  | 'PONG_TIMEOUT'
  | 'WS_IDLE_DROPPED'
  | 'WS_IDLE_CLOSED'
  | 'ISOLATION_BREACH'
  | 'WS_CLOSED';

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
    // Redacted once here: a client error quotes what the server said, and a server may echo the token.
    const detail = redactText(message);
    super(`${code}: ${detail}`);
    this.name = 'ClientError';
    this.code = code;
    this.evidence = evidence;
    this.finding = finding;
    this.detail = detail;
  }
}

/** What kind of network failure an error is: the structured fact diagnosis reads (never the message). */

export interface NetworkFailure {
  kind: NetworkKind;
  /** The system or library code (ECONNREFUSED, CERT_HAS_EXPIRED), when there is one. */
  code?: string;
  /** A plain phrase for the one-line message. */
  phrase: string;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** Network error codes → their kind and a plain phrase. */
export function networkFailure(error: unknown): NetworkFailure {
  const e = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  const code = e.cause?.code ?? e.code;
  const at = (kind: NetworkKind, phrase: string): NetworkFailure => ({
    kind,
    phrase,
    ...(code ? { code } : {}),
  });
  switch (code) {
    case 'ECONNREFUSED':
      return at('refused', 'connection refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return at('dns', 'DNS lookup failed');
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return at('reset', 'connection reset');
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return at('connect-timeout', 'connect timeout');
    default:
      if (code && (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')))
        return at('tls', `TLS error (${code})`);
      return at(
        'other',
        code ?? (e.cause?.message || e.message || String(error)).split('\n')[0] ?? 'unknown error',
      );
  }
}

/** Network error codes → a plain phrase for the one-line unreachable message. */
export function describeNetworkError(error: unknown): string {
  return networkFailure(error).phrase;
}
