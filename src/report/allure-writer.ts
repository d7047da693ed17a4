// Writes harness-made results (SLAs, load thresholds) as Allure results through allure-js-commons' reporter runtime.
import { Stage, Status } from 'allure-js-commons';
import { createDefaultWriter, ReporterRuntime, type Writer } from 'allure-js-commons/sdk/reporter';
import type { Label } from './labels.ts';

export interface CaseParameter {
  name: string;
  value: string;
}

export interface CaseAttachment {
  name: string;
  contentType: string;
  body: string;
}

/** One Allure test made by the harness itself (not by a Playwright test). */
export interface AllureCase {
  name: string;
  /** Stable across runs: the report's history follows it. */
  fullName: string;
  status: 'passed' | 'failed' | 'broken';
  message?: string;
  description?: string;
  labels: Label[];
  /** Shown in the report; kept out of the history id, since measured values change every run. */
  parameters: CaseParameter[];
  links: Array<{ name: string; url: string }>;
  attachments: CaseAttachment[];
  start: number;
  stop: number;
}

const STATUS = { passed: Status.PASSED, failed: Status.FAILED, broken: Status.BROKEN } as const;

/** Write the cases (and optional environment info) to an Allure results directory, or to a given writer. */
export function writeAllureCases(
  cases: readonly AllureCase[],
  target: { resultsDir: string } | { writer: Writer },
  environmentInfo?: Record<string, string>,
): void {
  const writer = 'writer' in target ? target.writer : createDefaultWriter({ resultsDir: target.resultsDir });
  const runtime = new ReporterRuntime({ writer, ...(environmentInfo ? { environmentInfo } : {}) });
  for (const c of cases) {
    const uuid = runtime.startTest({
      name: c.name,
      fullName: c.fullName,
      labels: c.labels,
      parameters: c.parameters.map((p) => ({ ...p, excluded: true })),
      links: c.links,
      status: STATUS[c.status],
      statusDetails: c.message ? { message: c.message } : {},
      stage: Stage.FINISHED,
      start: c.start,
      ...(c.description ? { description: c.description } : {}),
    });
    for (const a of c.attachments) {
      runtime.writeAttachment(uuid, null, a.name, Buffer.from(a.body, 'utf8'), {
        contentType: a.contentType,
      });
    }
    runtime.stopTest(uuid, { stop: c.stop });
    runtime.writeTest(uuid);
  }
  if (environmentInfo) runtime.writeEnvironmentInfo();
}
