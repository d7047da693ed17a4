// A finding travels as a value: annotation → gate and self-test read its class, whatever the catalogue's wording says.
import { expect, test } from '@playwright/test';
import { readRunReport, type JSONReport } from '../gate/playwright-report.ts';
import { FINDING_ANNOTATION, findingInAnnotations } from './annotation.ts';
import { CATALOGUE } from './catalogue.ts';
import { finding, findingOfError, FindingError, parseFinding, SUMMARY_MAX } from './finding.ts';
import { causeLine } from './render.ts';
import { drain, markExpected, note } from './trail.ts';

const report = (annotations: { type: string; description?: string }[]): JSONReport =>
  ({
    suites: [
      {
        title: 'tests/infra/a.spec.ts',
        file: 'tests/infra/a.spec.ts',
        specs: [
          {
            title: 'readiness',
            file: 'tests/infra/a.spec.ts',
            tests: [
              { projectName: 'local', status: 'unexpected', annotations, results: [{ status: 'failed' }] },
            ],
          },
        ],
      },
    ],
  }) as unknown as JSONReport;

test('the class is read from the annotation, not from wording: renaming a class changes no reader', () => {
  const f = finding('F6', 'health.ready.timeout', 'readiness timed out');
  const annotation = { type: FINDING_ANNOTATION, description: JSON.stringify(f) };
  const entry = CATALOGUE.F6 as { title: string };
  const title = entry.title;
  try {
    entry.title = 'a title nobody has seen before';
    expect(causeLine(f)).toContain('a title nobody has seen before');
    expect(findingInAnnotations([annotation])?.class).toBe('F6');
    expect(readRunReport(report([annotation])).tests[0]?.finding?.class).toBe('F6');
  } finally {
    entry.title = title;
  }
});

test('a summary is one line of at most 200 characters; malformed JSON is no finding, never a guess', () => {
  const f = finding('F9', 'sequence.missing-event', `${'x'.repeat(500)}\nsecond line`);
  expect(f.summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
  expect(f.summary).not.toContain('\n');
  expect(parseFinding('{"class":"F99","code":"x","summary":"y"}')).toBeUndefined();
  expect(parseFinding('not json')).toBeUndefined();
  expect(parseFinding(JSON.stringify(f))).toEqual(f);
});

test('an error carries its finding; the trail gives a test the findings it made, expected ones left out', () => {
  drain();
  const expected = note(finding('F4', 'ws.upgrade.401', 'upgrade answered 401'));
  const cause = note(finding('F7', 'http.5xx', '3 responses with 5xx'));
  markExpected(expected);
  expect(findingOfError(new FindingError('boom', cause))?.class).toBe('F7');
  expect(findingOfError(new Error('plain'))).toBeUndefined();
  expect(drain()).toEqual([cause]);
  expect(drain()).toEqual([]);
});
