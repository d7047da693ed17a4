// The doctor's table for the terminal (pure): part, what the profile expects, what the target did, the fitting change.
import type { PartReport } from './doctor.ts';

const MARK = { ok: '✓', failed: '✗', 'not tried': '-', 'n/a': '·' } as const;

export function renderDoctorTable(target: string, profile: string, reports: readonly PartReport[]): string {
  const w = Math.max(...reports.map((r) => r.part.length), 4);
  const lines = [`golden-path doctor — ${target} — profile ${profile}`, ''];
  for (const r of reports) {
    lines.push(`${MARK[r.status]} ${r.part.padEnd(w)}  expects: ${r.expects}`);
    lines.push(`  ${' '.repeat(w)}  target:  ${r.saw}`);
    if (r.fix) lines.push(`  ${' '.repeat(w)}  fix:     ${r.fix}`);
  }
  const failed = reports.filter((r) => r.status !== 'ok' && r.status !== 'n/a');
  const na = reports.length - reports.filter((r) => r.status === 'ok').length - failed.length;
  lines.push('');
  lines.push(
    failed.length === 0
      ? `every part OK (${reports.length - na}${na > 0 ? `, ${na} n/a` : ''})`
      : `${failed.length} of ${reports.length} part(s) not OK: ${failed.map((r) => r.part).join(', ')}`,
  );
  return lines.join('\n');
}
