// Scans every frame every participant's socket received for every other participant's request marker and ids
// (F10 when another user's; a noted fan-out when another socket of the same user's), with the frame redacted.
import { randomBytes } from 'node:crypto';
import { finding, withCause } from '../diagnosis/index.ts';
import { note } from '../diagnosis/trail.ts';
import { formatSeconds } from '../format/duration.ts';
import {
  crossHits,
  frameContent,
  requestMarker,
  textTokens,
  type CrossFrameHit,
  type RequestOwner,
} from '../protocol/cross-user.ts';
import type { Frame } from '../protocol/frames.ts';
import { redact } from '../config/secret.ts';
import type { ChatSession, RunRecord } from './golden-path-client.ts';

export interface ScannedParticipant {
  label: string;
  user?: string;
  marker?: string;
  session: ChatSession;
  run: RunRecord;
}

export interface CrossUserScan {
  breaches: string[];
  fanOut: string[];
}

// Strings at most this long without spaces are shown (types, ids, timestamps); longer text is masked.
const SHOWN_MAX = 48;
const PREVIEW_MAX = 240;

/** A fresh marker for one question of the user `userKey` ([a-z0-9]{1,24}): 12 random hex digits. */
export function newRequestMarker(userKey: string): string {
  return requestMarker(userKey, randomBytes(6).toString('hex'));
}

export function crossUserFrames(participants: readonly ScannedParticipant[]): CrossUserScan {
  const owners = new Map<RequestOwner, ScannedParticipant>();
  for (const p of participants) {
    const runs = p.session.runs.length > 0 ? p.session.runs : [p.run];
    owners.set(
      {
        user: p.user ?? p.label,
        socket: p.label,
        marker: p.marker,
        userId: p.session.userId,
        threadIds: runs.flatMap((r) => (r.threadId ? [r.threadId] : [])),
        runIds: runs.flatMap((r) => (r.runId ? [r.runId] : [])),
      },
      p,
    );
  }
  const list = [...owners.keys()];
  const breaches: string[] = [];
  const fanOut: string[] = [];
  for (const p of participants) {
    const receiver = { user: p.user ?? p.label, socket: p.label };
    const start = p.session.connection.startedAt;
    for (const frame of p.session.connection.frames) {
      const hits = crossHits(frameContent(frame.data, frame.text), receiver, list);
      if (hits.length === 0) continue;
      const where = `in a ${frame.type ?? (frame.data === undefined ? 'non-JSON' : 'untyped')} frame at +${formatSeconds(frame.at - start)} after connecting`;
      const foreign = hits.filter((h) => h.relation === 'another-user');
      if (foreign.length === 0) {
        fanOut.push(
          `${p.label} received ${describe(hits, owners)} ${where} (another socket of the same user)`,
        );
        continue;
      }
      const summary = `isolation breach: ${p.label} received ${describe(foreign, owners)} ${where}`;
      const redacted = `frame (redacted): ${redactedFrame(frame, foreign)}`;
      if (breaches.length === 0) {
        const f = note(finding('F10', 'isolation.cross-user-frame', summary, [redacted]));
        breaches.push(withCause(`${summary}\n${redacted}`, f));
      } else breaches.push(`${summary}\n${redacted}`);
    }
  }
  return { breaches, fanOut };
}

function describe(
  hits: readonly CrossFrameHit[],
  owners: ReadonlyMap<RequestOwner, ScannedParticipant>,
): string {
  return hits.map((h) => `${owners.get(h.owner)?.label ?? h.owner.socket}'s ${h.what} ${h.value}`).join(', ');
}

/** The frame's shape with its text masked: what matched stays readable, another user's words do not spread. */
export function redactedFrame(frame: Frame, hits: readonly Pick<CrossFrameHit, 'value'>[]): string {
  const matched = new Set(hits.map((h) => h.value));
  const mask = (s: string): string => {
    if (matched.has(s) || (s.length <= SHOWN_MAX && !/\s/.test(s))) return s;
    const kept = [...matched].filter((m) => textTokens(s).includes(m));
    return `«${s.length} chars${kept.length ? ` with ${kept.join(', ')}` : ''}»`;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mask(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const shown = frame.data === undefined ? mask(frame.text ?? '') : JSON.stringify(walk(frame.data));
  const text = redact(shown);
  return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX)}…` : text;
}
