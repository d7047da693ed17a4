// Cross-user isolation over concurrent runs (F10): each run judged against the ids every other user's run produced,
// and every frame each socket received scanned for every other user's request marker and ids.
import { explain } from '../diagnosis/index.ts';
import type { Frame } from '../protocol/frames.ts';
import type { ChatSession, RunRecord } from './golden-path-client.ts';
import { crossUserFrames } from './cross-user-frames.ts';
import { assessRun } from './run-assessment.ts';

export interface Participant {
  /** Names the socket (and the user, unless `user` says otherwise). */
  label: string;
  /** The user the socket belongs to; sockets of one user share it (default: the label). */
  user?: string;
  /** The request marker the participant's question carried (src/protocol/cross-user.ts). */
  marker?: string;
  session: ChatSession;
  run: RunRecord;
}

export interface IsolationReport {
  breaches: string[];
  incomplete: string[];
  /** Two different users the target gave the same identity (no isolation at all, F15). */
  sharedIdentity?: string;
  /** Frames of a user's request seen on another socket of the same user: allowed (a product's fan-out), noted. */
  fanOut: string[];
}

export function judgeIsolation(participants: readonly Participant[]): IsolationReport {
  const breaches: string[] = [];
  const incomplete: string[] = [];
  const ids = new Map<string, string>();
  let sharedIdentity: string | undefined;
  for (const p of participants) {
    const id = p.session.userId;
    const seen = id === undefined ? undefined : ids.get(id);
    if (seen !== undefined && seen !== userOf(p))
      sharedIdentity = `${seen} and ${userOf(p)} are both "${id}"`;
    if (id) ids.set(id, userOf(p));
  }
  for (const p of participants) {
    // Another socket of the same user may be sent this user's turns: only other users' ids are foreign here.
    const others = participants.filter((o) => userOf(o) !== userOf(p));
    const foreignRunIds = others.flatMap((o) => (o.run.runId ? [o.run.runId] : []));
    const foreignThreadIds = others.flatMap((o) => (o.run.threadId ? [o.run.threadId] : []));
    const assessment = assessRun(p.run, p.session.reader, {
      expectedUserId: p.session.userId,
      foreignRunIds,
      foreignThreadIds,
    });
    if (p.run.error) incomplete.push(`${p.label}: ${p.run.error.message}`);
    for (const v of assessment.sequence.violations) {
      if (v.rule !== 'foreign-user' && v.rule !== 'foreign-run') continue;
      const frame = [...p.run.frames, ...p.run.foreign].sort((a, b) => a.at - b.at)[v.index ?? -1];
      const owner = frame ? ownerOf(frame, others, p.session) : undefined;
      const breach = `isolation breach: ${p.label} (run ${p.run.runId ?? '?'}) received ${v.message}${owner ? ` — it belongs to ${owner}` : ''}`;
      breaches.push(breaches.length === 0 ? explain(breach, { isolation: { breach } }) : breach);
    }
  }
  const scan = crossUserFrames(participants);
  breaches.push(...scan.breaches);
  const shared = sharedIdentity ? explain(sharedIdentity, { isolation: { sharedIdentity } }) : undefined;
  return { breaches, incomplete, fanOut: scan.fanOut, ...(shared ? { sharedIdentity: shared } : {}) };
}

function ownerOf(frame: Frame, others: readonly Participant[], session: ChatSession): string | undefined {
  const runId = session.reader.id(frame.data, 'runId');
  const threadId = session.reader.id(frame.data, 'threadId');
  const owner = others.find(
    (o) => (runId && o.run.runId === runId) || (threadId && o.run.threadId === threadId),
  );
  return owner ? `${owner.label}'s run ${owner.run.runId ?? owner.run.threadId ?? '?'}` : undefined;
}

export function userOf(p: Pick<Participant, 'label' | 'user'>): string {
  return p.user ?? p.label;
}
