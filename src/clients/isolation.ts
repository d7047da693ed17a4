// Cross-user isolation over concurrent runs (F10): each run judged against the ids every other user's run produced.
import { explain } from '../diagnosis/index.ts';
import type { Frame } from '../protocol/frames.ts';
import type { ChatSession, RunRecord } from './golden-path-client.ts';
import { assessRun } from './run-assessment.ts';

export interface Participant {
  label: string;
  session: ChatSession;
  run: RunRecord;
}

export interface IsolationReport {
  breaches: string[];
  incomplete: string[];
  /** Two different users the target gave the same identity (no isolation at all, F15). */
  sharedIdentity?: string;
}

export function judgeIsolation(participants: readonly Participant[]): IsolationReport {
  const breaches: string[] = [];
  const incomplete: string[] = [];
  const ids = new Map<string, string>();
  let sharedIdentity: string | undefined;
  for (const p of participants) {
    const id = p.session.userId;
    if (id && ids.has(id) && ids.get(id) !== p.label)
      sharedIdentity = `${ids.get(id)} and ${p.label} are both "${id}"`;
    if (id) ids.set(id, p.label);
  }
  for (const p of participants) {
    const others = participants.filter((o) => o !== p);
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
  const shared = sharedIdentity ? explain(sharedIdentity, { isolation: { sharedIdentity } }) : undefined;
  return { breaches, incomplete, ...(shared ? { sharedIdentity: shared } : {}) };
}

function ownerOf(frame: Frame, others: readonly Participant[], session: ChatSession): string | undefined {
  const runId = session.reader.id(frame.data, 'runId');
  const threadId = session.reader.id(frame.data, 'threadId');
  const owner = others.find(
    (o) => (runId && o.run.runId === runId) || (threadId && o.run.threadId === threadId),
  );
  return owner ? `${owner.label}'s run ${owner.run.runId ?? owner.run.threadId ?? '?'}` : undefined;
}
