// TLS of an https/wss target: is the chain valid for the host, and how many days until the certificate expires?
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { describeNetworkError } from '../clients/errors.ts';

export interface CertificateReport {
  /** host:port inspected. */
  endpoint: string;
  /** Chain valid (trusted root, not expired) — Node's own verification. */
  chainValid: boolean;
  chainError?: string;
  /** The certificate does not name the host. */
  identityError?: string;
  validTo?: string;
  daysLeft?: number;
  subject?: string;
  issuer?: string;
  /** No handshake at all (refused, timeout, not TLS). */
  error?: string;
}

export interface InspectOptions {
  timeoutMs: number;
  /** Extra trusted roots (tests with their own CA). */
  ca?: string | Buffer;
  now?: number;
}

const DAY_MS = 86_400_000;

export function isTlsUrl(url: string): boolean {
  const p = new URL(url).protocol;
  return p === 'https:' || p === 'wss:';
}

/** One TLS handshake without trusting the answer blindly: verification results are read, not enforced. */
export function inspectCertificate(url: string, options: InspectOptions): Promise<CertificateReport> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 443);
  const endpoint = `${host}:${port}`;
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    const finish = (report: CertificateReport): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(report);
    };
    const timer = setTimeout(
      () => finish({ endpoint, chainValid: false, error: `no TLS handshake within ${options.timeoutMs} ms` }),
      options.timeoutMs,
    );
    socket.once('error', (error) =>
      finish({ endpoint, chainValid: false, error: describeNetworkError(error) }),
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert || Object.keys(cert).length === 0)
        return finish({ endpoint, chainValid: false, error: 'the server presented no certificate' });
      const identity = checkServerIdentity(host, cert);
      const validTo = Date.parse(cert.valid_to);
      const chainError = socket.authorizationError ? String(socket.authorizationError) : undefined;
      finish({
        endpoint,
        // Node folds a host mismatch into authorizationError as well; the chain verdict ignores that part.
        chainValid: socket.authorized || chainError === 'ERR_TLS_CERT_ALTNAME_INVALID',
        ...(chainError && chainError !== 'ERR_TLS_CERT_ALTNAME_INVALID' ? { chainError } : {}),
        ...(identity ? { identityError: identity.message } : {}),
        ...(Number.isFinite(validTo)
          ? {
              validTo: new Date(validTo).toISOString(),
              daysLeft: (validTo - (options.now ?? Date.now())) / DAY_MS,
            }
          : {}),
        subject: name(cert.subject),
        issuer: name(cert.issuer),
      });
    });
  });
}

function name(entity: PeerCertificate['subject'] | undefined): string {
  const value = entity?.CN ?? entity?.O;
  return Array.isArray(value) ? value.join(', ') : (value ?? '(unnamed)');
}

/** Chain and identity problems; expiry is judged by the `tls.cert.days_left` SLA. */
export function certificateProblems(r: CertificateReport): string[] {
  if (r.error !== undefined) return [`TLS to ${r.endpoint}: ${r.error}`];
  const problems: string[] = [];
  if (!r.chainValid)
    problems.push(
      `certificate of ${r.endpoint} (${r.subject ?? '?'}, issued by ${r.issuer ?? '?'}) is not trusted: ${r.chainError ?? 'unverified chain'}`,
    );
  if (r.identityError !== undefined)
    problems.push(`certificate of ${r.endpoint} is not valid for the host: ${r.identityError}`);
  return problems;
}
