// Runs one SessionDriver on a `ws` socket with one timer; resolves when the session is over and its socket gone.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { describeNetworkError } from '../../src/clients/errors.ts';
import { wsRequest } from '../lib/carriers.ts';
import { SessionDriver, type MetricSink, type SessionListener, type SessionSpec } from '../lib/session.ts';

/** The sessions in flight, so a stop (Ctrl-C, a hard threshold, the end) can reach every socket. */
export type ActiveSessions = Set<{ stop(now: number): void; kill(): void }>;

export function runWsSession(
  spec: SessionSpec,
  wsUrl: string,
  token: string,
  sink: MetricSink,
  listener: SessionListener,
  active: ActiveSessions,
): Promise<void> {
  const request = wsRequest(wsUrl, spec.reader.profile.ws.carriers, token);
  return new Promise<void>((resolve) => {
    const socket = new WebSocket(request.url, request.protocols, {
      headers: request.headers,
      perMessageDeflate: false,
      handshakeTimeout: spec.connectTimeoutMs,
    });
    let timer: NodeJS.Timeout | undefined;
    let opened = false;
    let finished = false;
    const driver = new SessionDriver(
      spec,
      {
        send: (text) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(text);
        },
        close: (code, reason) => {
          if (socket.readyState === WebSocket.OPEN) {
            socket.close(code, reason);
            return true;
          }
          socket.terminate();
          return false;
        },
      },
      sink,
      listener,
    );
    const handle = {
      stop: (now: number) => {
        driver.stop(now);
        arm();
      },
      kill: () => finish(),
    };
    active.add(handle);

    const finish = (): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      active.delete(handle);
      if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
      resolve();
    };
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (driver.done) return finish();
      const wait = driver.wakeAt - performance.now();
      if (!Number.isFinite(wait)) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          driver.tick(performance.now());
          arm();
        },
        Math.max(0, Math.ceil(wait)),
      );
    };

    socket.on('open', () => {
      opened = true;
      driver.onOpen();
      arm();
    });
    socket.on('message', (raw: WebSocket.RawData) => {
      const at = performance.now();
      const text = Buffer.isBuffer(raw)
        ? raw.toString('utf8')
        : Array.isArray(raw)
          ? Buffer.concat(raw).toString('utf8')
          : Buffer.from(raw).toString('utf8');
      driver.onMessage(text, at);
      arm();
    });
    socket.on('unexpected-response', (req, res) => {
      driver.onUpgradeFailed(
        performance.now(),
        `upgrade answered ${res.statusCode ?? 0} (expected 101)`,
        res.statusCode,
      );
      res.resume();
      req.destroy();
      finish();
    });
    socket.on('error', (error) => {
      if (!opened) {
        driver.onUpgradeFailed(
          performance.now(),
          /timed out/i.test(error.message) ? 'upgrade timed out' : describeNetworkError(error),
        );
        finish();
      }
    });
    socket.on('close', (code) => {
      driver.onClose(code, performance.now());
      finish();
    });
    arm();
  });
}
