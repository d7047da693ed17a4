// Runs one SessionDriver on a k6/websockets socket with one k6 timer; the VU's iteration ends when it is done.
import { clearTimeout, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { k6WsRequest } from '../lib/carriers.ts';
import { SessionDriver, type MetricSink, type SessionListener, type SessionSpec } from '../lib/session.ts';

// k6 reports a close code only inside an error text ("websocket: close 1011 (internal server error): …").
const CLOSE_CODE = /close (\d{4})/;
const OPEN = 1;

export function runK6Session(
  spec: SessionSpec,
  wsUrl: string,
  token: string,
  sink: MetricSink,
  listener: SessionListener = {},
): void {
  const request = k6WsRequest(wsUrl, spec.reader.profile.ws.carriers, token);
  // Subprotocol auth rides in the explicit header; the constructor's protocols argument stays null.
  const ws = new WebSocket(request.url, null, { headers: request.headers });
  let timer: number | undefined;
  let lastError = '';
  let opened = false;

  const driver = new SessionDriver(
    spec,
    {
      send: (text) => {
        if (ws.readyState === OPEN) ws.send(text);
      },
      close: (code, reason) => ws.close(code, reason),
    },
    sink,
    listener,
  );

  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (driver.done) {
      if (ws.readyState !== ws.CLOSED) ws.close(1000, 'session over');
      return;
    }
    const wait = driver.wakeAt - Date.now();
    if (!Number.isFinite(wait)) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        driver.tick(Date.now());
        arm();
      },
      Math.max(0, wait),
    );
  };

  ws.onopen = () => {
    opened = true;
    driver.onOpen();
    arm();
  };
  ws.onmessage = (event?: { data: unknown }) => {
    driver.onMessage(typeof event?.data === 'string' ? event.data : '', Date.now());
    arm();
  };
  ws.onerror = (event?: { error: string }) => {
    lastError = event?.error ?? 'unknown error';
  };
  ws.onclose = () => {
    const now = Date.now();
    if (!opened) driver.onUpgradeFailed(now, lastError || 'upgrade failed');
    else driver.onClose(Number(CLOSE_CODE.exec(lastError)?.[1] ?? 1000), now);
    arm();
  };
  arm();
}
