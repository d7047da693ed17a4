// One agent run: resolve the thread, then emit the five critical events (plus stream pieces) with seeded delays.
// Event-level faults (F8, F9, F10 wrong user, F14) are applied here because they change the run's script.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseUnavailableError } from '../errors.ts';
import type { FaultSet } from '../faults/fault-spec.ts';
import { pickInt, streamFor } from '../seeded-random.ts';
import type { ThreadStore } from '../stores/thread-store.ts';
import type { AgentEvent } from './agent-event.ts';
import {
  AGENT_NAME,
  SOURCES_TOOL_NAME,
  THINKING_STEPS,
  TOOL_NAME,
  composeAnswer,
  splitIntoChunks,
  toolResults,
} from './answer.ts';

export interface RunDeps {
  readonly threads: ThreadStore;
  readonly phaseDelayMs: readonly [number, number];
  readonly streamChunks: number;
  readonly seed: number;
  readonly faults: () => FaultSet;
  /** Multiplier on every delay (F11 makes runs crawl once the server is at capacity). */
  readonly slowdown: () => number;
  /** Some other user's id, for F10's wrong-user answer. */
  readonly otherUserId: (userId: string) => string;
}

/** Where a run's output goes: the connection that asked. */
export interface RunSink {
  readonly userId: string;
  /** echo-token-everywhere: the caller's token, quoted by the run's error in place of its answer. */
  readonly echoToken?: string;
  readonly signal: AbortSignal;
  emit(event: AgentEvent): void;
  error(code: 'thread_not_found', message: string, ids: { runId: string; threadId?: string }): void;
  close(code: number, reason: string): void;
}

export interface Ask {
  readonly content: string;
  readonly threadId: string | undefined;
}

interface Step {
  readonly kind: AgentEvent['kind'];
  readonly make: () => AgentEvent;
}

export async function runAgent(deps: RunDeps, sink: RunSink, ask: Ask): Promise<void> {
  const started = performance.now();
  const runId = `run_${randomUUID()}`;
  let threadId = ask.threadId;
  try {
    const resolved = await deps.threads.resolve(sink.userId, ask.threadId, deps.faults().foreignThread);
    if (!resolved.ok) {
      sink.error(resolved.code, 'no thread with that id belongs to you', { runId, threadId: ask.threadId });
      return;
    }
    const thread = resolved.thread;
    threadId = thread.id;
    await deps.threads.append(thread, 'user', ask.content);
    const faults = deps.faults();
    // F9: the run's frames never say which thread it is in (an empty id; no thread_created announcement).
    const threadOnWire = faults.dropThreadId ? '' : thread.id;
    const base = { runId, threadId: threadOnWire, userId: sink.userId, agentName: AGENT_NAME };
    if (resolved.created && !faults.dropThreadId) sink.emit({ ...base, kind: 'thread_created' });

    // F30: the agent never finishes thinking: one thinking event after another until the client goes away.
    if (faults.endlessThinkingMs !== undefined) {
      sink.emit({ ...base, kind: 'agent_started' });
      for (let step = 1; !sink.signal.aborted; step++) {
        await sleep(faults.endlessThinkingMs, undefined, { signal: sink.signal });
        sink.emit({ ...base, kind: 'agent_thinking', reasoning: THINKING_STEPS[0], step });
      }
      return;
    }
    // foreign-thread: someone else's thread served, its history quoted back to the caller.
    const history = thread.ownerId === sink.userId ? [] : thread.messages.slice(0, -1).map((m) => m.content);
    const answer = [composeAnswer(ask.content), ...history.map((h) => `Earlier in this thread: ${h}`)].join(
      ' ',
    );
    const steps = script(deps, base, ask.content, answer, started, faults);
    const rng = streamFor(deps.seed, `delays:${ask.content}`);
    const [lo, hi] = deps.phaseDelayMs;
    for (const step of steps) {
      await sleep(pickInt(rng, lo, hi) * deps.slowdown(), undefined, { signal: sink.signal });
      if (step.kind === 'agent_completed' && sink.echoToken !== undefined) {
        // A backend that quotes the credential in its error: the leak canary's frame.
        sink.emit({
          ...base,
          kind: 'agent_error',
          error: {
            code: 'upstream_rejected',
            message: `model gateway refused bearer ${sink.echoToken} (GET /v1/complete?token=${sink.echoToken})`,
          },
        });
        return;
      }
      if (step.kind === 'agent_completed') await deps.threads.append(thread, 'assistant', answer);
      sink.emit(step.make());
      if (step.kind === 'tool_completed' && faults.earlyClose1000) {
        sink.close(1000, 'normal closure');
        return;
      }
    }
  } catch (err) {
    if (sink.signal.aborted) return;
    if (err instanceof DatabaseUnavailableError) {
      sink.emit({
        kind: 'agent_error',
        runId,
        threadId: threadId ?? '',
        userId: sink.userId,
        agentName: AGENT_NAME,
        error: { code: 'database_unavailable', message: err.message },
      });
      return;
    }
    throw err;
  }
}

/** The run's events in sending order, after the fault set has had its say. */
function script(
  deps: RunDeps,
  base: Pick<AgentEvent, 'runId' | 'threadId' | 'userId' | 'agentName'>,
  question: string,
  answer: string,
  started: number,
  faults: FaultSet,
): Step[] {
  const thinkingCount = 1 + pickInt(streamFor(deps.seed, `thinking:${question}`), 0, 1);
  const toolStarted = { at: 0 };
  const chunks = splitIntoChunks(answer, deps.streamChunks);
  const steps: Step[] = [{ kind: 'agent_started', make: () => ({ ...base, kind: 'agent_started' }) }];
  for (let i = 0; i < thinkingCount; i++) {
    const reasoning = THINKING_STEPS[i] ?? THINKING_STEPS[0];
    steps.push({
      kind: 'agent_thinking',
      make: () => ({ ...base, kind: 'agent_thinking', reasoning, step: i + 1 }),
    });
  }
  const executing: Step = {
    kind: 'tool_executing',
    make: () => {
      toolStarted.at = performance.now();
      return { ...base, kind: 'tool_executing', toolName: TOOL_NAME, toolInput: { query: question } };
    },
  };
  const completed: Step = {
    kind: 'tool_completed',
    make: () => ({
      ...base,
      kind: 'tool_completed',
      toolName: TOOL_NAME,
      results: toolResults(question),
      toolMs: toolStarted.at === 0 ? 0 : Math.round(performance.now() - toolStarted.at),
    }),
  };
  // F9: the completion overtakes the start.
  steps.push(...(faults.reorderEvents ? [completed, executing] : [executing, completed]));
  // F9: a second tool call starts and is never completed; the run ends regardless.
  if (faults.unpairedToolCall) {
    steps.push({
      kind: 'tool_executing',
      make: () => ({
        ...base,
        kind: 'tool_executing',
        toolName: SOURCES_TOOL_NAME,
        toolInput: { query: question },
      }),
    });
  }
  chunks.forEach((chunk, i) => {
    // F31: the first piece carries a whole document in one frame.
    const text = i === 0 && faults.hugeFrameBytes !== undefined ? 'x'.repeat(faults.hugeFrameBytes) : chunk;
    steps.push({
      kind: 'stream_chunk',
      make: () => ({ ...base, kind: 'stream_chunk', chunk: text, chunkIndex: i, chunkCount: chunks.length }),
    });
  });
  // F14: the final event never comes; the connection simply stays open.
  if (!faults.streamNeverCompletes) {
    steps.push({
      kind: 'agent_completed',
      make: () => ({
        ...base,
        kind: 'agent_completed',
        // F10: the answer is stamped with somebody else's identity.
        userId: faults.wrongUserAnswer ? deps.otherUserId(base.userId) : base.userId,
        answer,
        durationMs: Math.round(performance.now() - started),
      }),
    });
  }
  return steps;
}
