// One line for a target that cannot be reached, the same from the launcher (Node's error codes) and from a k6
// scenario's setup (k6's error_code): "connection refused to 127.0.0.1:8787".

export type UnreachableKind = 'refused' | 'dns' | 'connect-timeout' | 'reset' | 'tls' | 'timeout' | 'other';

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'ws:': '80', 'https:': '443', 'wss:': '443' };

/** HOST:PORT of a URL (no URL class: k6 has none), the scheme's port when none is written. */
export function hostPort(url: string): { host: string; port: string } {
  const m = /^([a-z][a-z0-9+.-]*:)\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?/i.exec(url);
  if (!m?.[1] || !m[2]) return { host: url, port: '' };
  return { host: m[2], port: m[3] ?? DEFAULT_PORT[m[1].toLowerCase()] ?? '' };
}

export function unreachableLine(kind: UnreachableKind, url: string, detail?: string): string {
  const { host, port } = hostPort(url);
  const at = port ? `${host}:${port}` : host;
  const why = detail ? ` (${detail})` : '';
  switch (kind) {
    case 'refused':
      return `connection refused to ${at}`;
    case 'dns':
      return `DNS lookup failed for ${host}${why}`;
    case 'connect-timeout':
      return `connect timeout to ${at}`;
    case 'reset':
      return `connection reset by ${at}`;
    case 'tls':
      return `TLS handshake with ${at} failed${why}`;
    case 'timeout':
      return `no answer from ${at}${why}`;
    case 'other':
      return `${at} unreachable${why}`;
  }
}

/** k6's error_code (lib/netext/httpext/error_codes.go) → the kind of unreachable; undefined when it answered. */
export function k6UnreachableKind(errorCode: number): UnreachableKind | undefined {
  if (errorCode === 0) return undefined;
  if (errorCode >= 1100 && errorCode < 1200) return 'dns';
  if (errorCode === 1212) return 'refused';
  if (errorCode === 1211) return 'connect-timeout';
  if (errorCode === 1220) return 'reset';
  if (errorCode >= 1300 && errorCode < 1400) return 'tls';
  if (errorCode === 1050) return 'timeout';
  return 'other';
}
