// The verdict as a readable table for the terminal and CI logs (pure).
import { format } from '../sla/judge.ts';
import type { SlaDefinition } from '../config/sla-table.ts';
import type { Verdict } from './verdict.ts';

const MARK = { passed: '✓', degraded: '~', reported: '·', failed: '✗', unmeasured: '✗' } as const;
const HEADLINE = {
  ship: 'SHIP',
  'dont-ship': "DON'T SHIP",
  'harness-error': 'HARNESS ERROR (misconfigured or target unreachable)',
} as const;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function renderTable(v: Verdict): string {
  const lines: string[] = [];
  lines.push(`golden-path gate — ${v.environment} — ${v.startedAt} → ${v.endedAt}`);
  const versions = Object.entries(v.targetVersions)
    .map(([service, info]) => {
      const i = info as { version?: string; commit?: string; error?: string };
      return `${service} ${i.version ?? i.error ?? '?'}${i.commit ? ` (${i.commit})` : ''}`;
    })
    .join(', ');
  lines.push(`target: ${versions || 'versions not recorded'}; harness ${v.harnessCommit}`);
  lines.push('');
  lines.push(
    `tests: ${v.tests.passed} passed, ${v.tests.failed} failed, ${v.tests.flaky} flaky, ${v.tests.skipped} skipped, ${v.tests.na} n/a (of ${v.tests.total})`,
  );
  for (const t of v.notApplicable.filter((x) => x.kind === 'test')) lines.push(`  - ${t.name} — ${t.reason}`);
  for (const f of v.failures) lines.push(`  ✗ ${f.title} — ${f.error ?? 'failed'}`);
  for (const f of v.flakyTests)
    lines.push(`  ${f.blocks ? '✗' : '~'} flaky: ${f.title}${f.blocks ? ' (blocks)' : ''}`);

  const naSlas = v.notApplicable.filter((x) => x.kind === 'sla');
  if (v.slas.length > 0 || naSlas.length > 0) {
    const idW = Math.max(4, ...v.slas.map((s) => s.id.length), ...naSlas.map((s) => s.name.length));
    lines.push('');
    lines.push(`  ${pad('SLA', idW)}  ${pad('measured', 12)}  ${pad('target', 12)}  ${pad('n', 5)}  result`);
    for (const s of v.slas) {
      const unit = s.unit as SlaDefinition['unit'];
      const measured = s.measured === undefined ? 'not measured' : format(s.measured, unit);
      lines.push(
        `${MARK[s.status]} ${pad(s.id, idW)}  ${pad(measured, 12)}  ${pad(s.status === 'reported' ? '—' : format(s.target, unit), 12)}  ${pad(String(s.n), 5)}  ${s.status}${s.flaky ? ' (flaky: measured on a retry)' : ''}`,
      );
    }
    for (const s of naSlas) lines.push(`- ${pad(s.name, idW)}  n/a — ${s.reason}`);
  }
  for (const a of v.accepted ?? []) lines.push(`${a.expired ? '✗' : '~'} ${a.id}: ${a.line}`);
  const optional = v.notMeasured.filter((id) => !(v.requiredMissing ?? []).includes(id));
  if (optional.length > 0) lines.push(`  not measured by this run (not judged): ${optional.join(', ')}`);
  for (const id of v.requiredMissing ?? [])
    lines.push(`✗ ${id} not measured: no test of this run measured it`);
  if (v.load) {
    lines.push('');
    lines.push(`load smoke (${v.load.scenario}, ${v.load.summaryFile}):`);
    for (const t of v.load.thresholds) lines.push(`  ${t.ok ? '✓' : '✗'} ${t.metric} ${t.expression}`);
  }
  if (v.warnings.length > 0) {
    lines.push('');
    for (const w of v.warnings) lines.push(`  ! ${w}`);
  }
  lines.push('');
  lines.push(`verdict: ${HEADLINE[v.verdict]} (exit ${v.exitCode})`);
  for (const r of v.reasons) lines.push(`  - ${r}`);
  if (v.likelyCauses.length > 0)
    lines.push(`likely cause: ${v.likelyCauses.map((c) => `${c.name} (×${c.count})`).join('; ')}`);
  return lines.join('\n');
}
