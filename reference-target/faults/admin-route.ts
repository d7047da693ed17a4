// /__admin/faults: read, replace or clear the active faults at run time; loopback callers with the admin token only.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultSpecError } from '../errors.ts';
import { bearerToken, readJson, sendJson } from '../http/http-io.ts';
import type { Logger } from '../log.ts';
import type { FaultState } from './fault-state.ts';

export const ADMIN_PATH = '/__admin/faults';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function describe(faults: FaultState): Record<string, unknown> {
  return { faults: faults.spec, active: faults.current.entries };
}

/** Handles the admin path; faults never apply here, so a faulty target can always be repaired. */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  faults: FaultState,
  adminToken: string,
  log: Logger,
): Promise<void> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
    return sendJson(res, 403, { error: 'forbidden', detail: 'loopback only' });
  if (!tokenMatches(bearerToken(req), adminToken))
    return sendJson(res, 401, { error: 'invalid_admin_token' });
  switch (req.method) {
    case 'GET':
      return sendJson(res, 200, describe(faults));
    case 'DELETE':
      faults.replace('');
      log.info('faults cleared');
      return sendJson(res, 200, describe(faults));
    case 'PUT': {
      const body = await readJson(req);
      const spec =
        body.ok && typeof body.value === 'object' && body.value !== null
          ? (body.value as Record<string, unknown>).faults
          : undefined;
      if (typeof spec !== 'string') {
        return sendJson(res, 400, { error: 'invalid_request', detail: 'body must be {"faults":"<spec>"}' });
      }
      try {
        faults.replace(spec);
      } catch (err) {
        if (err instanceof FaultSpecError)
          return sendJson(res, 400, { error: 'invalid_fault_spec', detail: err.message });
        throw err;
      }
      log.info('faults replaced', { faults: faults.spec || '(none)' });
      return sendJson(res, 200, describe(faults));
    }
    default:
      res.setHeader('allow', 'GET, PUT, DELETE');
      return sendJson(res, 405, { error: 'method_not_allowed' });
  }
}
