// Runs one SessionDriver on a `ws` socket with one timer; resolves when the session is over and its socket gone.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { correlationHeaders } from '../../src/clients/correlation.ts';
import { describeNetworkError } from '../../src/clients/errors.ts';
import { wsText } from '../../src/clients/ws-data.ts';
import { WakeTimer, type Clock } from '../lib/session-timer.ts';
import { SessionDriver, type MetricSink, type SessionListener, type SessionSpec } from '../lib/session.ts';

/** The sessions in flight, so a stop (Ctrl-C, a hard threshold, the end) can reach every socket. */
export type ActiveSessions = Set<{ stop(now: number): void; kill(): void }>;

const NODE_CLOCK: Clock<NodeJS.Timeout> = { now: () => performance.now(), setTimeout, clearTimeout };

export function runWsSession(
  spec: SessionSpec,
  wsUrl: string,
  token: string,
  sink: MetricSink,
  listener: SessionListener,
  active: ActiveSessions,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let opened = false;
    let finished = false;
    const driver = new SessionDriver(
      spec,
      {
        send: (text) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(text);
        },
        ping: () => {
          if (socket.readyState === WebSocket.OPEN) socket.ping();
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
    const request = driver.upgrade(wsUrl, token);
    const socket = new WebSocket(request.url, request.protocols, {
      headers: { ...correlationHeaders(), ...request.headers },
      perMessageDeflate: false,
      handshakeTimeout: spec.connectTimeoutMs,
    });
    const timer = new WakeTimer(driver, NODE_CLOCK, () => finish());
    const arm = (): void => timer.arm();
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
      timer.clear();
      active.delete(handle);
      if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
      resolve();
    };
    socket.on('open', () => {
      opened = true;
      driver.onOpen();
      arm();
    });
    socket.on('message', (raw: WebSocket.RawData) => {
      const at = performance.now();
      driver.onMessage(wsText(raw), at);
      arm();
    });
    socket.on('pong', () => {
      driver.onControlPong();
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
