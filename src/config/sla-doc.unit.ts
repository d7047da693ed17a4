// docs/slas.md cannot fall behind the SLA table: every SLA has its row with the table's target, unit, statistic,
// bound, degraded bound and override setting, and the page names no SLA the table does not have.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SLA_DEFAULTS } from './sla-table.ts';

const doc = readFileSync(new URL('../../docs/slas.md', import.meta.url), 'utf8');
/** Table rows of the page keyed by their first cell's code span: `| \`id\` | what | target | … |`. */
const rows = new Map(
  doc
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map((cells) => [(cells[1] ?? '').replaceAll('`', ''), cells.slice(2)] as const),
);

for (const sla of SLA_DEFAULTS)
  test(`docs/slas.md states ${sla.id} as the table does`, () => {
    const cells = rows.get(sla.id);
    expect(cells, `${sla.id} has no row in docs/slas.md`).toBeDefined();
    const [, target, unit, bound, statistic, degraded, setting] = cells ?? [];
    expect({ target, unit, bound, statistic, degraded, setting }).toEqual({
      target: String(sla.target),
      unit: sla.unit,
      bound: sla.bound,
      statistic: sla.statistic,
      degraded: sla.degraded === undefined ? '' : String(sla.degraded),
      setting: `\`${sla.setting}\``,
    });
  });

test('docs/slas.md has a row for no SLA the table lacks', () => {
  const ids = new Set(SLA_DEFAULTS.map((s) => s.id));
  expect([...rows.keys()].filter((id) => !ids.has(id))).toEqual([]);
});
