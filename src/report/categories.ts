// Allure 3 categories generated from the one catalogue: a failed test lands in its finding's class, by label.
import { CATALOGUE, CLASS_IDS } from '../diagnosis/catalogue.ts';
import { className } from '../diagnosis/render.ts';

/** The Allure label a test's finding travels in (written by the fixtures, matched here). */
export const CLASS_LABEL = 'failure_class';
export const CODE_LABEL = 'failure_code';

type Status = 'failed' | 'broken' | 'passed' | 'skipped' | 'unknown';

/** An Allure 3 category rule (the subset of @allurereport/core-api's CategoryRule this project uses). */
export interface CategoryRule {
  id: string;
  name: string;
  matchers: Array<{ statuses: readonly Status[]; labels?: Record<string, string> }>;
  groupByMessage: boolean;
}

const FAILING: readonly Status[] = ['failed', 'broken'];

/** One category per class of the catalogue (by the label, never by the message), then the unclassified rest. */
export function allureCategories(): CategoryRule[] {
  return [
    ...CLASS_IDS.map((id) => ({
      id: `golden-path-${id.toLowerCase()}`,
      name: className(id),
      matchers: [{ statuses: FAILING, labels: { [CLASS_LABEL]: id } }],
      groupByMessage: true,
    })),
    {
      id: 'golden-path-unclassified',
      name: 'Unclassified failures',
      matchers: [{ statuses: FAILING }],
      groupByMessage: true,
    },
  ];
}

/** docs/failure-classes.md, generated (CI fails when the committed file differs). */
export function failureClassesDoc(): string {
  const rows = CLASS_IDS.map((id) => {
    const c = CATALOGUE[id];
    return `| ${id} | ${c.title} | ${c.likelyCause} | ${c.check} | ${c.suites.join(', ')} |`;
  });
  return [
    '# Failure classes',
    '',
    '<!-- Generated from src/diagnosis/catalogue.ts by `npm run docs:classes`; do not edit by hand. -->',
    '',
    'Every failed test carries one finding: its class, a stable code (`ws.close.1011`, `sla.auth.login.latency`), a',
    'one-line summary and the evidence. The console, the Allure report (category and the `failure_class` label),',
    '`verdict.json`, JUnit and alerts show that one value. A failure no rule can name is reported as',
    '`unclassified`, never guessed.',
    '',
    '| class | title | likely cause | what to check | suites that raise it |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
