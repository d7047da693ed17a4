// Default client timeouts: one home for the settings schema (src/config) and the k6 scenarios' -e defaults.

export const TIMEOUT_DEFAULTS = { connectMs: 10_000, requestMs: 15_000 } as const;

/** How long a client waits for the terminal event when AGENT_TIMEOUT_MS is unset: 1.5 × golden_path.e2e. */
export function defaultAgentTimeoutMs(e2eTargetMs: number, targetAgentTimeoutMs = 0): number {
  return Math.max(1.5 * e2eTargetMs, targetAgentTimeoutMs + 5000);
}
