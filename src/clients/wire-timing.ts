// The time one HTTP request spends in undici — from the moment it is queued for a connection until its last byte is
// parsed — read from undici's diagnostics channels. It is what k6's `res.timings` give (blocked + sending + waiting
// + receiving): the time the JS side spends handing the body to the caller (streams, promises) is left out, so the
// two executors time the same span of one request.
import { subscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

interface Span {
  start?: number;
  end?: number;
}

let pending: Span | undefined;
const spans = new WeakMap<object, Span>();
let subscribed = false;

function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  // `request:create` is published synchronously inside the call that starts the request: `timed` marks its span.
  subscribe('undici:request:create', (message) => {
    const request = (message as { request?: object }).request;
    if (pending === undefined || request === undefined) return;
    pending.start = performance.now();
    spans.set(request, pending);
    pending = undefined;
  });
  // `request:trailers` is published when the whole message has been parsed (undici's onComplete).
  subscribe('undici:request:trailers', (message) => {
    const request = (message as { request?: object }).request;
    const span = request === undefined ? undefined : spans.get(request);
    if (span !== undefined && span.end === undefined) span.end = performance.now();
  });
}

export interface WireTimed<T> {
  result: T;
  /** The request's time in undici in ms, or undefined when undici reported no complete message (an error). */
  ms(): number | undefined;
}

/** Starts one undici request with `start` (which must call undici synchronously) and times it on the wire. */
export function wireTimed<T>(start: () => T): WireTimed<T> {
  subscribeOnce();
  const span: Span = {};
  pending = span;
  try {
    return {
      result: start(),
      ms: () => (span.start !== undefined && span.end !== undefined ? span.end - span.start : undefined),
    };
  } finally {
    pending = undefined;
  }
}
