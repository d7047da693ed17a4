// The status page: one static HTML file from the run history — each check's state and since when, its last 24 h as
// a strip, and the open Findings. Self-contained (inline CSS, no script, no outside request), so it can be served
// from anywhere or opened from disk.
import type { CheckState, HistoryStore, RunKind, RunRecord } from '../history/types.ts';
import { redactText } from '../protocol/redaction.ts';

export interface StatusPageOptions {
  environment?: string;
  kind?: RunKind;
  now?: Date;
  title?: string;
}

interface CheckRow {
  name: string;
  state: CheckState;
  since: string;
  strip: { at: string; state: CheckState; runId: string }[];
}

const DAY_MS = 86_400_000;
const esc = (s: string): string =>
  redactText(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The page's HTML, from the newest runs of one kind (monitor by default) in one environment (or all). */
export async function statusPageHtml(store: HistoryStore, o: StatusPageOptions = {}): Promise<string> {
  const now = o.now ?? new Date();
  const q = { kind: o.kind ?? 'monitor', ...(o.environment ? { environment: o.environment } : {}) };
  const day = await store.runs({ ...q, since: new Date(now.getTime() - DAY_MS), limit: 2000 });
  const latest = day[0] ?? (await store.runs({ ...q, limit: 1 }))[0];
  const names = [...new Set([...(latest?.checks ?? []), ...day.flatMap((r) => r.checks)].map((c) => c.name))];
  const rows: CheckRow[] = [];
  for (const name of names.sort()) {
    const history = await store.checkHistory(name, { ...q, limit: 500 });
    const current = history[0];
    if (!current) continue;
    let since = current.at;
    for (const p of history) {
      if (p.state !== current.state) break;
      since = p.at;
    }
    const strip = day
      .flatMap((r) =>
        r.checks
          .filter((c) => c.name === name)
          .map((c) => ({ at: r.startedAt, state: c.state, runId: r.id })),
      )
      .reverse();
    rows.push({ name, state: current.state, since, strip });
  }
  return render(o.title ?? 'Golden Path status', now, latest, rows);
}

function render(title: string, now: Date, latest: RunRecord | undefined, rows: CheckRow[]): string {
  const failing = latest?.checks.filter((c) => c.state === 'failed') ?? [];
  const findings = [
    ...failing.flatMap((c) =>
      c.finding
        ? [{ check: c.name, f: c.finding, trace: c.traceId ?? latest?.traceId, request: c.requestId }]
        : [],
    ),
    ...(latest?.findings ?? []).map((f) => ({
      check: 'the run',
      f,
      trace: latest?.traceId,
      request: undefined,
    })),
  ];
  const overall = latest?.state ?? 'no runs yet';
  const table = rows
    .map(
      (r) => `<tr data-state="${r.state}">
  <th scope="row">${esc(r.name)}</th>
  <td><span class="state ${cls(r.state)}">${r.state}</span></td>
  <td><time datetime="${r.since}">${r.since.replace('T', ' ').slice(0, 19)}Z</time></td>
  <td><ol class="strip" aria-label="last 24 hours, oldest first">${r.strip
    .map((p) => `<li class="${cls(p.state)}" title="${p.at} ${p.state}"></li>`)
    .join('')}</ol></td>
</tr>`,
    )
    .join('\n');
  const open = findings.length
    ? `<ul class="findings">${findings
        .map(
          (x) =>
            `<li><strong>${esc(x.f.class)}</strong> <code>${esc(x.f.code)}</code> ${esc(x.f.summary)} <small>— ${esc(x.check)}${
              x.trace ? `, trace <code>${esc(x.trace)}</code>` : ''
            }${x.request ? `, request <code>${esc(x.request)}</code>` : ''}</small></li>`,
        )
        .join('')}</ul>`
    : '<p>No open findings.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{padding:.35rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}
th[scope=row]{font-weight:normal;max-width:36rem;overflow-wrap:anywhere}
.state{padding:.1rem .4rem;border-radius:3px;color:#fff}
.ok{background:#2e7d32}.warn{background:#f9a825}.bad{background:#c62828}.none{background:#9e9e9e}
.strip{display:flex;gap:1px;list-style:none;margin:0;padding:0}.strip li{width:6px;height:18px}
.findings li{margin:.3rem 0}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>Overall: <span class="state ${cls(overall)}" id="overall">${esc(overall)}</span>${
    latest ? ` — newest run ${esc(latest.environment)} ${latest.startedAt}` : ''
  }. Written ${now.toISOString()}.</p>
<h2>Checks</h2>
<table>
<thead><tr><th>check</th><th>state</th><th>since</th><th>last 24 h</th></tr></thead>
<tbody>
${table}
</tbody>
</table>
<h2>Open findings</h2>
${open}
</body>
</html>
`;
}

function cls(state: string): string {
  if (state === 'passed') return 'ok';
  if (state === 'flaky' || state === 'degraded') return 'warn';
  if (state === 'failed' || state === 'crashed') return 'bad';
  return 'none';
}
