// For benchmarks: a TCP relay on 127.0.0.1 that holds every chunk for a fixed time in each direction — a network
// between the load generator and the target, so both executors measure a product-like round trip instead of the
// loopback's sub-millisecond one (where a client's own scheduling would be most of the figure). It runs in a
// process of its own, so it neither shares an event loop with the Node executor nor stops while k6 runs.
import { spawn } from 'node:child_process';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { viaOrigin } from './recording-proxy.ts';

export interface DelayProxy {
  /** A URL of the target with its origin replaced by the relay's (http and ws schemes alike). */
  via(targetUrl: string): string;
  close(): Promise<void>;
}

/** Bytes are held `oneWayMs` each way (a round trip of twice that), in order; a close follows the last chunk. */
function serveDelayProxy(target: string, oneWayMs: number): Promise<number> {
  const to = new URL(target);
  const port = Number(to.port || 80);
  const relay = (from: Socket, into: Socket): void => {
    from.on('data', (chunk) => setTimeout(() => into.write(chunk), oneWayMs));
    from.on('end', () => setTimeout(() => into.end(), oneWayMs));
    from.on('error', () => into.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(port, to.hostname);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    relay(client, upstream);
    relay(upstream, client);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** Starts the relay in a child process; it ends with `close()` or with this process. */
export async function startDelayProxy(target: string, oneWayMs: number): Promise<DelayProxy> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), target, String(oneWayMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the delay relay exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(Number(line)));
  });
  const stop = (): boolean => child.kill();
  process.once('exit', stop);
  return {
    via: (targetUrl) => viaOrigin(targetUrl, `http://127.0.0.1:${port}`),
    close: () =>
      new Promise<void>((resolve) => {
        process.off('exit', stop);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

// The child: `node --import tsx delay-proxy.ts <target> <one-way ms>` prints its port, then relays until killed.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [target, ms] = process.argv.slice(2);
  void serveDelayProxy(target ?? '', Number(ms)).then((port) => console.log(port));
}
