// `npm run doctor -- --env staging`: tries each part of the profile alone against the live target and prints what
// the profile expects, what the target did and the change that would fit; `--draft` writes a starting profile.
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { ConfigError, loadConfig, type Config } from '../src/config/index.ts';
import { doctorExit, runDoctor } from '../src/doctor/doctor.ts';
import { draftProfile } from '../src/doctor/draft.ts';
import { renderDoctorTable } from '../src/doctor/table.ts';
import { startLocalRun, type LocalRun } from '../src/local-target/local-run.ts';

const ROOT = new URL('..', import.meta.url).pathname;

const { values } = commandLine(
  defineCommand({
    name: 'doctor',
    usage: 'npm run doctor -- --env <environment> [--profile <name|file>] [--draft [--out <file>]]',
    about:
      'Tries each part of the target profile alone against the live target (health, login, me, WebSocket auth, welcome frame, one question, keepalive) and prints a table: what the profile expects, what the target did, and the profile change that would fit. Bounded (about 30 s against a silent target). Exit 0: every part OK; 1: some part not OK; 2: bad input.',
    options: {
      env: { type: 'string', default: 'local' },
      profile: { type: 'string' },
      draft: { type: 'boolean', default: false },
      out: { type: 'string', default: 'draft-profile.ts' },
    },
    help: {
      env: ['<environment>', 'whose .env.<environment> names the target; local starts the reference target'],
      profile: ['<name|file>', 'the profile to check (default: TARGET_PROFILE)'],
      draft: 'probe common conventions and write a starting profile instead',
      out: ['<file>', 'where --draft writes the profile'],
    },
  }),
);

function fail(line: string): never {
  process.stderr.write(`golden-path: doctor: ${line}\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  const overrides: Record<string, string> =
    values.profile !== undefined ? { TARGET_PROFILE: values.profile } : {};
  let local: LocalRun | undefined;
  let config: Config;
  try {
    if (values.env === 'local') {
      local = await startLocalRun({ root: ROOT, overrides });
      config = local.config;
    } else config = await loadConfig({ environment: values.env, cwd: ROOT, overrides });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems.join('\n  '));
    throw error;
  }
  try {
    if (values.draft) {
      const out = resolve(process.cwd(), values.out);
      const draft = await draftProfile(config);
      writeFileSync(out, draft.source);
      process.stdout.write(
        `${draft.notes.map((n) => `  ${n}`).join('\n')}\nwrote ${relative(process.cwd(), out)}: check it with npm run doctor -- --env ${values.env} --profile ${relative(process.cwd(), out)}\n`,
      );
      return draft.found ? 0 : 1;
    }
    const reports = await runDoctor(config);
    process.stdout.write(`${renderDoctorTable(config.urls.api, config.profile.name, reports)}\n`);
    return doctorExit(reports);
  } finally {
    await local?.target.stop();
  }
}

// Exits at once: a probe the doctor stopped waiting for (a silent target) must not hold the process open.
process.exit(await main());
