// Runs a Playwright suite selection as a child process with the JSON reporter, bounded in time, and reads the outcome.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nestedRunEnvironment } from '../config/runner-env.ts';
import { findingInAnnotations } from '../diagnosis/annotation.ts';
import { causeLine } from '../diagnosis/render.ts';

export interface ChildTest {
  file: string;
  title: string;
  status: string;
  error?: string;
  likelyCause?: string;
  failureClass?: string;
}

export interface ChildOutcome {
  exitCode: number | null;
  timedOut: boolean;
  ms: number;
  tests: ChildTest[];
  stderrTail: string;
}

export interface ChildOptions {
  root: string;
  workDir: string;
  args: string[];
  env: Record<string, string>;
  timeoutMs: number;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export async function runChild(options: ChildOptions): Promise<ChildOutcome> {
  mkdirSync(options.workDir, { recursive: true });
  const report = join(options.workDir, 'report.json');
  const env = nestedRunEnvironment({
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    GP_LEDGER_ROOT: join(options.workDir, 'sla'),
    FORCE_COLOR: '0',
    ...options.env,
  });
  const cli = join(options.root, 'node_modules', '@playwright', 'test', 'cli.js');
  const args = [
    cli,
    'test',
    ...options.args,
    '--reporter=json',
    `--output=${join(options.workDir, 'artifacts')}`,
  ];
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: options.root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearTimeout(timer);
  return {
    exitCode,
    timedOut,
    ms: Date.now() - started,
    tests: existsSync(report) ? readTests(report) : [],
    stderrTail: stderr.replace(ANSI, '').trim(),
  };
}

interface JsonSuite {
  file?: string;
  specs?: {
    title: string;
    file: string;
    tests: {
      status: string;
      annotations?: { type: string; description?: string }[];
      results: {
        status: string;
        errors: { message?: string }[];
        annotations?: { type: string; description?: string }[];
      }[];
    }[];
  }[];
  suites?: JsonSuite[];
}

function readTests(file: string): ChildTest[] {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { suites?: JsonSuite[] };
  const out: ChildTest[] = [];
  const walk = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const result = t.results.at(-1);
        const annotations = [...(t.annotations ?? []), ...(result?.annotations ?? [])];
        const found = findingInAnnotations(annotations);
        const likelyCause = found ? causeLine(found) : undefined;
        const error = result?.errors[0]?.message?.replace(ANSI, '');
        const cls = found?.class;
        out.push({
          file: spec.file,
          title: spec.title,
          // The test's outcome, not its last attempt's: an expected failure (test.fail) is a pass here.
          status: t.status === 'expected' ? 'passed' : t.status === 'unexpected' ? 'failed' : t.status,
          ...(error ? { error } : {}),
          ...(likelyCause ? { likelyCause } : {}),
          ...(cls ? { failureClass: cls } : {}),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const s of report.suites ?? []) walk(s);
  return out;
}
