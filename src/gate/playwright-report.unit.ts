// Unit tests of reading Playwright's JSON report: outcomes, tags, nested describes, first error line, load errors.
import { expect, test } from '@playwright/test';
import { readRunReport, type JSONReport } from './playwright-report.ts';

// Only the fields the reader uses.
const REPORT = {
  stats: { startTime: '2026-01-01T00:00:00.000Z', duration: 1234 },
  errors: [{ message: '\u001b[31mError: tests/broken.spec.ts: Unexpected token\u001b[39m\n  at x' }],
  suites: [
    {
      title: 'tests/golden-path/protocol-journey.spec.ts',
      file: 'tests/golden-path/protocol-journey.spec.ts',
      specs: [],
      suites: [
        {
          title: 'Golden Path journey over the protocol',
          file: 'tests/golden-path/protocol-journey.spec.ts',
          specs: [
            {
              title: 'a user logs in',
              file: 'tests/golden-path/protocol-journey.spec.ts',
              line: 7,
              tags: ['golden-path', 'smoke'],
              tests: [
                {
                  projectName: 'local',
                  status: 'unexpected',
                  results: [
                    {
                      status: 'failed',
                      error: {
                        message:
                          'SlaBreachError: SLA auth.login.latency breached on local: 1.0 s > 500 ms (n=1)\n\n  at …',
                      },
                    },
                  ],
                },
              ],
            },
          ],
          suites: [
            {
              title: 'nested',
              specs: [
                {
                  title: 'retried',
                  line: 20,
                  tags: ['golden-path'],
                  tests: [
                    {
                      projectName: 'local',
                      status: 'flaky',
                      results: [{ status: 'failed', error: { message: 'boom' } }, { status: 'passed' }],
                    },
                  ],
                },
                {
                  title: 'fine',
                  line: 30,
                  tags: [],
                  tests: [{ projectName: 'local', status: 'expected', results: [{ status: 'passed' }] }],
                },
                {
                  title: 'not here',
                  line: 40,
                  tags: [],
                  tests: [{ projectName: 'local', status: 'skipped', results: [{ status: 'skipped' }] }],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

test('outcomes with their describe path, tags, attempts and first error line', () => {
  const run = readRunReport(REPORT as unknown as JSONReport);
  expect(run.tests.map((x) => [x.title, x.outcome, x.attempts])).toEqual([
    ['Golden Path journey over the protocol › a user logs in', 'failed', 1],
    ['Golden Path journey over the protocol › nested › retried', 'flaky', 2],
    ['Golden Path journey over the protocol › nested › fine', 'passed', 1],
    ['Golden Path journey over the protocol › nested › not here', 'skipped', 1],
  ]);
  expect(run.tests[0]).toMatchObject({
    file: 'tests/golden-path/protocol-journey.spec.ts',
    line: 7,
    project: 'local',
    tags: ['golden-path', 'smoke'],
  });
  expect(run.tests[0]?.error).toBe(
    'SlaBreachError: SLA auth.login.latency breached on local: 1.0 s > 500 ms (n=1)',
  );
  expect(run.tests[1]?.error).toBe('boom');
  expect(run.tests[2]?.error).toBeUndefined();
  expect(run.errors).toEqual(['Error: tests/broken.spec.ts: Unexpected token']);
  expect(run.durationMs).toBe(1234);
});

test('an empty report has no tests', () => {
  expect(readRunReport({} as JSONReport).tests).toEqual([]);
});

test('a skipped test with the structured n/a annotation carries its reason; a plain skip does not', () => {
  const spec = (title: string, annotations: Array<{ type: string; description?: string }>) => ({
    title,
    file: 'tests/infra/cors.spec.ts',
    line: 1,
    tags: [],
    tests: [{ projectName: 'local', status: 'skipped', annotations, results: [{ status: 'skipped' }] }],
  });
  const report = {
    suites: [
      {
        title: 'tests/infra/cors.spec.ts',
        file: 'tests/infra/cors.spec.ts',
        specs: [
          spec('cors', [
            { type: 'n/a', description: 'n/a: cors (profile lumen)' },
            { type: 'skip', description: 'n/a: cors (profile lumen)' },
          ]),
          spec('nginx', [{ type: 'skip', description: 'nginx is not installed' }]),
        ],
      },
    ],
  } as unknown as JSONReport;
  const [cors, nginx] = readRunReport(report).tests;
  expect(cors).toMatchObject({ outcome: 'skipped', na: 'n/a: cors (profile lumen)' });
  expect(nginx?.outcome).toBe('skipped');
  expect(nginx?.na).toBeUndefined();
});
