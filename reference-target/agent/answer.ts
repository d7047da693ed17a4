// The deterministic answer to a question (it quotes the question verbatim) and its split into stream pieces.
import type { ToolResults } from './agent-event.ts';

export const AGENT_NAME = 'golden_path_agent';
export const TOOL_NAME = 'knowledge_search';
/** The second tool of the unpaired-tool-call fault: started, never completed. */
export const SOURCES_TOOL_NAME = 'source_lookup';

export function toolResults(question: string): ToolResults {
  return {
    query: question,
    count: 2,
    matches: [
      { title: 'Golden Path overview', snippet: 'Login, chat, and a streamed answer from the agent.' },
      { title: 'Reference target', snippet: 'A deterministic stand-in for the product under test.' },
    ],
  };
}

export function composeAnswer(question: string): string {
  return (
    `You asked: "${question}". Here is the answer: the reference target searched its knowledge base, ` +
    `found 2 matching notes, and composed this reply deterministically, so the same question always gets ` +
    `the same answer.`
  );
}

/** Splits into `parts` pieces whose concatenation is exactly `text` (by code point, so no emoji is cut). */
export function splitIntoChunks(text: string, parts: number): string[] {
  if (parts <= 0) return [];
  const chars = Array.from(text);
  const size = Math.ceil(chars.length / parts);
  const out: string[] = [];
  for (let i = 0; i < parts; i++) out.push(chars.slice(i * size, (i + 1) * size).join(''));
  return out.filter((c, i) => c !== '' || i === 0);
}

export const THINKING_STEPS = [
  'Reading the question and deciding which tool can answer it.',
  'Planning the answer from what the knowledge search returned.',
] as const;
