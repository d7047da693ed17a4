// `npm run report:open`: serve the generated report (Allure 3's `allure open`) — its pages load data over HTTP, not file://.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { runChild } from '../src/gate/child.ts';

const ROOT = new URL('..', import.meta.url).pathname;

function fail(line: string): never {
  process.stderr.write(`golden-path: report:open: ${line}\n`);
  process.exit(2);
}

const { values } = commandLine(
  defineCommand({
    name: 'report:open',
    usage: 'npm run report:open -- [--out <report dir>] [--port <n>]',
    about: 'Serves the generated Allure report (npm run report) on localhost until Ctrl-C.',
    options: { out: { type: 'string', default: 'allure-report' }, port: { type: 'string' } },
    help: {
      out: ['<dir>', 'the report directory'],
      port: ['<n>', 'the port to serve on (default: any free one)'],
    },
  }),
);
const dir = resolve(ROOT, values.out);
if (!existsSync(join(dir, 'index.html')))
  fail(`no report in ${relative(ROOT, dir) || '.'}: run "npm run report" first`);
if (values.port !== undefined && !/^\d{1,5}$/.test(values.port))
  fail(`--port "${values.port}" is not a port number`);

const cli = join(dirname(createRequire(join(ROOT, 'package.json')).resolve('allure')), '..', 'cli.js');
// A server for a person to browse: it runs until they stop it (Ctrl-C), which is its only bound.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop.abort());
const run = await runChild(
  process.execPath,
  [cli, 'open', dir, ...(values.port ? ['--port', values.port] : [])],
  {
    cwd: ROOT,
    env: process.env,
    timeoutMs: Infinity,
    stop: stop.signal,
  },
);
process.exit(run.exitCode ?? 0);
