// The npm scripts a GitHub Actions workflow runs (pure): every `npm run <name> [-- args]` of every step.

export interface NpmRun {
  job: string;
  step: string;
  script: string;
  /** The words after `--`, with shell variables and `${{ }}` expressions replaced by a placeholder. */
  args: string[];
}

interface Workflow {
  jobs?: Record<string, { steps?: Array<{ name?: string; run?: string; uses?: string }> }>;
}

const PLACEHOLDER = 'x';

/** `${{ … }}` → a placeholder word, except `${{ cond && '--flag' || '' }}` → its flag, so the flag is checked too. */
function expand(line: string): string {
  return line
    .replace(/\$\{\{[^}]*&&\s*'([^']*)'\s*\|\|\s*''\s*\}\}/g, '$1')
    .replace(/\$\{\{[^}]*\}\}/g, PLACEHOLDER);
}

/** Words of a command line: quoted strings stay whole, shell variables become a placeholder. */
function words(line: string): string[] {
  const plain = line.replace(/"\$\{?\w+\}?"|\$\{?\w+\}?/g, PLACEHOLDER);
  return [...plain.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

export function npmRuns(workflow: unknown): NpmRun[] {
  const out: NpmRun[] = [];
  for (const [job, def] of Object.entries((workflow as Workflow).jobs ?? {})) {
    for (const [i, step] of (def.steps ?? []).entries()) {
      if (typeof step.run !== 'string') continue;
      for (const line of expand(step.run.replace(/\\\n/g, ' ')).split('\n')) {
        for (const m of line.matchAll(/\bnpm\s+run(?:-script)?\s+(?:--silent\s+)?([\w:.-]+)([^;&|]*)/g)) {
          const rest = words(m[2] ?? '');
          const dash = rest.indexOf('--');
          out.push({
            job,
            step: step.name ?? `step ${i + 1}`,
            script: m[1] as string,
            args: dash === -1 ? [] : rest.slice(dash + 1),
          });
        }
      }
    }
  }
  return out;
}

/** The `uses:` of every step, for checks such as "k6 is installed with grafana/setup-k6-action". */
export function actionsUsed(workflow: unknown): string[] {
  return Object.values((workflow as Workflow).jobs ?? {}).flatMap((j) =>
    (j.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])),
  );
}
