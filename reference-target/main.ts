// CLI entry: `npm run target` — settings from the environment, one JSON "listening" line on stdout, graceful stop.
import { flagsOrExit } from './command-line.ts';
import { RefTargetError } from './errors.ts';
import { startReferenceTarget } from './server.ts';
import { settingsFromEnv, VARIABLES, type Settings } from './settings.ts';

const HELP = `usage: npm run target [-- --help]

Starts the reference target (auth + API + WebSocket agent + web UI) and prints one JSON "listening" line on stdout;
SIGTERM or Ctrl-C stops it. It takes no flags: its settings come from the environment (all optional):

${VARIABLES}
options:
  -h, --help          show this help and exit
`;

async function main(): Promise<void> {
  flagsOrExit('reference-target', HELP);
  let settings: Settings;
  try {
    settings = settingsFromEnv();
  } catch (err) {
    // A misconfiguration is one line and exit code 2, never a stack trace.
    process.stderr.write(`reference-target: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }

  const target = await startReferenceTarget(settings);
  const base = target.url;
  if (settings.log !== 'silent') {
    const ws = base.replace(/^http/, 'ws');
    const where =
      settings.dialect === 'lumen'
        ? `api ${base}/readyz · login ${base}/api/session · ws ${ws}/live/{userId} (no web UI)`
        : `web ${base}/login · api ${base}/health · auth ${base}/auth/login · ws ${ws}/ws`;
    process.stderr.write(`reference-target (${settings.dialect}) listening: ${where}\n`);
  }
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', url: base, port: target.port, dialect: settings.dialect, authHealthPath: target.authHealthPath, pid: process.pid })}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    if (settings.log !== 'silent') process.stderr.write(`reference-target: ${signal}, shutting down\n`);
    target.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`reference-target: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  if (err instanceof RefTargetError) {
    process.stderr.write(`reference-target: ${err.message}\n`);
    process.exit(2);
  }
  const code = (err as { code?: unknown }).code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    process.stderr.write(`reference-target: cannot listen: ${(err as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `reference-target: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
