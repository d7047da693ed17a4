// The verdict as JUnit XML for CI systems (pure): suites "functional", "SLA", "load" and "gate".
import { junitType } from '../diagnosis/render.ts';
import { redactText } from '../protocol/redaction.ts';
import type { TestOutcome } from './playwright-report.ts';
import type { Verdict } from './verdict.ts';

/** XML 1.0 allows no control characters but tab and newlines (a test's output may carry ANSI escapes). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Redacted before escaping: a test's error line may quote a server that echoed the token. */
function xml(text: string): string {
  return redactText(text)
    .replace(CONTROL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface Case {
  name: string;
  classname: string;
  failure?: string;
  /** The failure's class and code, from its finding. */
  type?: string;
  skipped?: boolean;
  /** Why it was skipped (an n/a test's reason). */
  skipReason?: string;
}

function suite(name: string, cases: readonly Case[]): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const body = cases.map((c) => {
    const open = `    <testcase name="${xml(c.name)}" classname="${xml(c.classname)}"`;
    if (c.failure !== undefined)
      return `${open}>\n      <failure${c.type ? ` type="${xml(c.type)}"` : ''} message="${xml(c.failure)}">${xml(c.failure)}</failure>\n    </testcase>`;
    if (c.skipped)
      return `${open}>\n      <skipped${c.skipReason ? ` message="${xml(c.skipReason)}"` : ''}/>\n    </testcase>`;
    return `${open}/>`;
  });
  return [
    `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`,
    ...body,
    '  </testsuite>',
  ].join('\n');
}

/** Every test of the run (with its outcome), every SLA, every load threshold, and the gate's own verdict. */
export function toJUnit(v: Verdict, tests: readonly TestOutcome[]): string {
  const functional: Case[] = tests.map((t) => {
    const classname = `${t.project}.${t.file}`;
    if (t.outcome === 'failed')
      return {
        name: t.title,
        classname,
        failure: t.error ?? 'failed',
        ...(t.finding ? { type: junitType(t.finding) } : {}),
      };
    if (t.outcome === 'skipped')
      return { name: t.title, classname, skipped: true, ...(t.na ? { skipReason: t.na } : {}) };
    const blocking =
      t.outcome === 'flaky' && v.flakyTests.some((f) => f.title === t.title && f.file === t.file && f.blocks);
    return blocking
      ? {
          name: t.title,
          classname,
          failure: 'flaky: passed only on retry (blocks: see --allow-flaky and GATE_FLAKY_BLOCKS)',
        }
      : { name: t.title, classname };
  });
  const slas: Case[] = v.slas.map((s) => ({
    name: s.id,
    classname: `sla.${v.environment}`,
    ...(s.pass ? {} : { failure: s.message }),
  }));
  const load: Case[] = (v.load?.thresholds ?? []).map((t) => ({
    name: `${t.metric} ${t.expression}`,
    classname: `load.${v.load?.scenario ?? ''}`,
    ...(t.ok ? {} : { failure: `threshold crossed: ${t.metric} ${t.expression}` }),
  }));
  const gate: Case[] = [
    {
      name: `gate on ${v.environment}`,
      classname: 'gate',
      ...(v.exitCode === 0 ? {} : { failure: `${v.verdict}: ${v.reasons.join(' | ')}` }),
    },
  ];
  const suites = [
    suite('functional', functional),
    suite('SLA', slas),
    ...(load.length > 0 ? [suite('load', load)] : []),
    suite('gate', gate),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="golden-path gate ${xml(v.environment)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
