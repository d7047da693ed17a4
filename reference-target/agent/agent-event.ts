// The agent events of a run in dialect-neutral form; each dialect renders them into its own frames.

export type AgentEventKind =
  | 'thread_created'
  | 'agent_started'
  | 'agent_thinking'
  | 'tool_executing'
  | 'tool_completed'
  | 'stream_chunk'
  | 'agent_completed'
  | 'agent_error';

export interface ToolResults {
  readonly query: string;
  readonly count: number;
  readonly matches: readonly { title: string; snippet: string }[];
}

export interface AgentEvent {
  readonly kind: AgentEventKind;
  readonly runId: string;
  readonly threadId: string;
  readonly userId: string;
  readonly agentName: string;
  readonly reasoning?: string;
  readonly step?: number;
  readonly toolName?: string;
  readonly toolInput?: Readonly<Record<string, unknown>>;
  readonly results?: ToolResults;
  readonly toolMs?: number;
  readonly chunk?: string;
  readonly chunkIndex?: number;
  readonly chunkCount?: number;
  readonly answer?: string;
  readonly durationMs?: number;
  readonly error?: { readonly code: string; readonly message: string };
}
