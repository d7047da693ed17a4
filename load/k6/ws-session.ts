// Runs one SessionDriver on a k6/websockets socket with one k6 timer; the VU's iteration ends when it is done.
import { clearTimeout, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { REQUEST_NAMES } from '../lib/request-tags.ts';
import { redactText } from '../../src/protocol/redaction.ts';
import { WakeTimer, type Clock } from '../lib/session-timer.ts';
import { k6TraceHeaders } from './trace.ts';
import {
  CLOSE_CODES,
  SessionDriver,
  type MetricSink,
  type SessionListener,
  type SessionSpec,
} from '../lib/session.ts';

// k6 1.6+ puts the code on the close event; older builds only inside an error text
// ("websocket: close 1011 (internal server error): …"), kept as the fallback.
const CLOSE_CODE = /close (\d{4})/;
const OPEN = 1;

export function runK6Session(
  spec: SessionSpec,
  wsUrl: string,
  token: string,
  sink: MetricSink,
  listener: SessionListener = {},
  now: () => number = Date.now,
): void {
  // Every time of the session on one clock (k6/clock.ts: fractional ms while the scenario runs).
  const clock: Clock<number> = { now, setTimeout, clearTimeout };
  let lastError = '';
  let opened = false;

  const driver = new SessionDriver(
    spec,
    {
      send: (text) => {
        if (ws.readyState === OPEN) ws.send(text);
      },
      // A `control` keepalive: an RFC 6455 ping frame, answered by the peer's pong (k6/websockets ping()/onpong).
      ping: () => {
        if (ws.readyState === OPEN) ws.ping();
      },
      // close() is called only on an open socket: k6's close() while CONNECTING blocks the VU's event loop
      // until the dial ends (k6's dialer waits up to 60 s); the session is then over without it.
      close: (code, reason) => {
        if (ws.readyState !== OPEN) return false;
        ws.close(code, reason);
        return true;
      },
    },
    sink,
    listener,
  );
  const request = driver.upgrade(wsUrl, token);
  // Subprotocol auth rides in an explicit Sec-WebSocket-Protocol header, never also as the constructor's protocols
  // argument (older k6 ignored it; k6's dialer refuses both as a duplicate header): that argument stays null.
  const k6Request = { url: request.url, headers: { ...k6TraceHeaders(), ...request.headers } };
  if (request.protocols.length > 0)
    k6Request.headers['Sec-WebSocket-Protocol'] = request.protocols.join(', ');
  // Named, not tagged by URL: the URL may carry the token (a query carrier).
  const ws = new WebSocket(k6Request.url, null, {
    headers: k6Request.headers,
    tags: { name: REQUEST_NAMES.wsConnect },
  });

  const timer = new WakeTimer(driver, clock, () => {
    // Still connecting: nothing to close yet; onopen comes back here and closes it, or onclose ends it.
    if (ws.readyState === OPEN) ws.close(CLOSE_CODES.normal, 'session over');
  });
  const arm = (): void => timer.arm();

  ws.onopen = () => {
    opened = true;
    driver.onOpen();
    arm();
  };
  ws.onpong = () => {
    driver.onControlPong();
    arm();
  };
  ws.onmessage = (event?: { data: unknown }) => {
    driver.onMessage(typeof event?.data === 'string' ? event.data : '', now());
    arm();
  };
  ws.onerror = (event?: { error: string }) => {
    // k6's error text may quote the URL it dialled, token and all.
    lastError = redactText(event?.error ?? 'unknown error', [token]);
  };
  // k6 gives the script no upgrade status (a refused upgrade is "websocket: bad handshake"; the status is only a
  // tag of its ws_connecting metric), so a 5xx upgrade cannot reach http_5xx here: the Node executor counts it.
  ws.onclose = (event?: { code?: number }) => {
    const at = now();
    if (!opened) driver.onUpgradeFailed(at, lastError || 'upgrade failed');
    else {
      const code =
        typeof event?.code === 'number' ? event.code : Number(CLOSE_CODE.exec(lastError)?.[1] ?? 1000);
      driver.onClose(code, at);
    }
    arm();
  };
  arm();
}
