// The kinds of problem a load run reports, named where they happen: k6 counts them by kind (a VU's texts stay in
// its own runtime), the Node executor by text; both summaries list them with counts.

export const PROBLEM_KINDS = {
  auth: 'no token (login, registration, token hook or strategy failed)',
  handshake: 'WebSocket upgrade or ready frame failed',
  dropped: 'server closed a session before the end of the window',
  run: 'a question not answered completely, in order and within its per-run SLAs',
  isolation: "another user's frame reached a session (F10)",
  unhealthy: 'a health answer that was not healthy, or none',
  other: 'other problems',
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export const PROBLEM_KIND_NAMES = Object.keys(PROBLEM_KINDS) as ProblemKind[];

/** A summary's error entries from counts by kind: most frequent first, kinds never seen left out. */
export function problemsByKind(
  counts: Readonly<Partial<Record<ProblemKind, number>>>,
): { problem: string; count: number }[] {
  return PROBLEM_KIND_NAMES.flatMap((kind) => {
    const count = counts[kind] ?? 0;
    return count > 0 ? [{ problem: `${kind}: ${PROBLEM_KINDS[kind]}`, count }] : [];
  }).sort((a, b) => b.count - a.count);
}
