// `npm run gate -- --env <environment>`: run the suites, judge, write verdict.json + junit.xml, alert when red, exit 0/1/2.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { alertPayload, sendAlert } from '../src/gate/alert.ts';
import { gateHelp, GateUsageError, parseGateArgs } from '../src/gate/args.ts';
import { toJUnit } from '../src/gate/junit.ts';
import { runGate } from '../src/gate/run-gate.ts';
import { renderTable } from '../src/gate/table.ts';

const ROOT = new URL('..', import.meta.url).pathname;

async function main(): Promise<number> {
  const help = gateHelp(process.argv.slice(2));
  if (help !== undefined) {
    process.stdout.write(help);
    return 0;
  }
  let args;
  try {
    args = parseGateArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof GateUsageError) {
      process.stderr.write(`golden-path: gate: ${error.message} (see --help)\n`);
      return 2;
    }
    throw error;
  }
  const { verdict, tests, outDir, settings, recorded } = await runGate(args, ROOT, process.env);
  const verdictFile = join(outDir, 'verdict.json');
  writeFileSync(verdictFile, `${JSON.stringify(verdict, null, 2)}\n`);
  writeFileSync(join(outDir, 'junit.xml'), toJUnit(verdict, tests));

  if (verdict.exitCode === 2) {
    // Misconfigured or unreachable: one line, nothing else to read.
    process.stderr.write(
      `golden-path: gate: ${verdict.reasons[0] ?? 'harness error'} → exit 2 (${relative(ROOT, verdictFile)})\n`,
    );
  } else {
    process.stdout.write(
      `\n${renderTable(verdict)}\n(${relative(ROOT, verdictFile)}, ${relative(ROOT, join(outDir, 'junit.xml'))})\n`,
    );
  }

  if (recorded) process.stderr.write(`golden-path: gate: history: ${recorded}\n`);

  const webhook = settings.ALERT_WEBHOOK_URL;
  if (verdict.exitCode !== 0 && webhook) {
    const reportUrl = args.reportUrl ?? settings.REPORT_URL;
    const sent = await sendAlert(webhook, alertPayload(verdict, reportUrl));
    // A failed alert is printed and never changes the verdict or its exit code.
    if (!sent.delivered)
      process.stderr.write(
        `golden-path: alert not delivered after ${sent.attempts} attempts: ${sent.error ?? 'unknown'}\n`,
      );
  }
  return verdict.exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `golden-path: gate: internal error: ${error instanceof Error ? error.message : String(error)} → exit 2\n`,
    );
    process.exit(2);
  },
);
