// What k6 may tag a request or socket with: a logical name, never the URL (a URL can carry a token, `?token=`),
// the subprotocol (a dialect may echo the token-bearing one) or the error text (it may quote the URL).

/** k6's default system tags without `url`, `subproto` and `error`: every sample is named by its `name` tag. */
export const SYSTEM_TAGS = [
  'proto',
  'status',
  'method',
  'name',
  'group',
  'check',
  'error_code',
  'tls_version',
  'scenario',
  'service',
  'expected_response',
] as const;

/** The logical names of the requests and sockets the scenarios make outside the profile's named probes. */
export const REQUEST_NAMES = {
  wsConnect: 'ws-connect',
  healthBeforeLoad: 'health-before-load',
} as const;
