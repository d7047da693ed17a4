// Process life: the CLI's JSON listening line, exit 2 on bad settings, and 1001 to every socket on shutdown.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startReferenceTarget } from '../server.ts';
import { ALICE, call, login } from './http-client.ts';
import { connectWithHeader } from './ws-client.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'reference-target', 'main.ts');

/** `node --import tsx` runs the server in the spawned process itself, so the pid it reports is the child's. */
function spawnTarget(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { ...process.env, REF_LOG: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return line;
}

test('close() sends 1001 "server shutting down" to every open WebSocket', async () => {
  const target = await startReferenceTarget({ port: 0, log: 'silent' });
  const { token } = await login(target.url, ALICE);
  const clients = await Promise.all([
    connectWithHeader(target.url, token),
    connectWithHeader(target.url, token),
  ]);
  await target.close();
  for (const client of clients)
    expect(await client.closed).toEqual({ code: 1001, reason: 'server shutting down' });
});

test('the CLI prints exactly one JSON listening line and exits 0 on SIGTERM after closing sockets with 1001', async () => {
  const child = spawnTarget({ REF_PORT: '0' });
  try {
    const line = await firstLine(child);
    const listening = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(listening)).toEqual(['event', 'url', 'port', 'dialect', 'authHealthPath', 'pid']);
    expect(listening).toMatchObject({ event: 'listening', dialect: 'default', pid: child.pid });
    expect(listening.url).toBe(`http://127.0.0.1:${String(listening.port)}`);
    const url = String(listening.url);
    expect((await call(url, '/health')).status).toBe(200);
    const { token } = await login(url, ALICE);
    const client = await connectWithHeader(url, token);
    const exited = once(child, 'exit') as Promise<[number | null]>;
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect((await client.closed).code).toBe(1001);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('a bad setting exits 2 with one line naming the variable', async () => {
  for (const [name, value] of [
    ['REF_PHASE_DELAY_MS', '600-100'],
    ['REF_DIALECT', 'klingon'],
    ['GP_FAULTS', 'auth-slow:soon'],
    ['REF_USERS', 'alice-without-password'],
  ] as const) {
    const child = spawnTarget({ [name]: value });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, name).toBe(2);
    const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
    expect(lines, name).toHaveLength(1);
    expect(lines[0], name).toContain(name);
    expect(stderr).not.toMatch(/\n\s+at /);
  }
});

test('GP_FAULTS applies from the start and the spawned process is repaired through the admin endpoint', async () => {
  const child = spawnTarget({
    REF_PORT: '0',
    GP_FAULTS: 'version-drift',
    REF_ADMIN_TOKEN: 'lifecycle-admin-token',
  });
  try {
    const url = String((JSON.parse(await firstLine(child)) as { url: string }).url);
    expect((await call(url, '/health')).json.version).toBe('1.4.3');
    const cleared = await call(url, '/__admin/faults', {
      method: 'DELETE',
      headers: { authorization: 'Bearer lifecycle-admin-token' },
    });
    expect(cleared.status).toBe(200);
    expect((await call(url, '/health')).json.version).toBe('1.4.2');
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

test('REF_DIALECT=netra-apex is named in the listening line', async () => {
  const child = spawnTarget({ REF_PORT: '0', REF_DIALECT: 'netra-apex' });
  try {
    const listening = JSON.parse(await firstLine(child)) as { url: string; dialect: string };
    expect(listening.dialect).toBe('netra-apex');
    expect((await call(listening.url, '/health')).json).toEqual({ status: 'ok' });
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
