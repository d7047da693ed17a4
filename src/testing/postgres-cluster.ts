// For tests: a throwaway PostgreSQL cluster (Debian's server binaries) on 127.0.0.1, owned by an unprivileged user.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../local-target/nginx.ts';

export interface PostgresCluster {
  /** A connection URL to the cluster's `postgres` database as its superuser. */
  url: string;
  /** `PostgreSQL 15.x`, for the test's report of which backend ran. */
  version: string;
  /** A URL to a new, empty database of the cluster. */
  createDatabase(name: string): string;
  stop(): void;
}

/** The newest installed server's bin directory, or why there is none. */
export function findPostgres(root = '/usr/lib/postgresql'): { bin: string } | { missing: string } {
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter(
          (v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')),
        )
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined)
    return {
      missing: `PostgreSQL is not installed: no ${root}/<version>/bin/initdb and pg_ctl (Debian package postgresql)`,
    };
  return { bin: join(root, newest, 'bin') };
}

/** initdb refuses root: as root, the cluster belongs to the `postgres` user (or `nobody`) and runs through runuser. */
function runAs(): { user?: string; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  for (const user of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
      return { user, uid, gid };
    } catch {
      // no such user: try the next
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to own the cluster');
}

export async function startPostgres(bin: string): Promise<PostgresCluster> {
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'gp-pg-'));
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dir, owner.uid, owner.gid);
  const run = (tool: string, args: string[]): string => {
    const [file, argv] = owner.user
      ? ['runuser', ['-u', owner.user, '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  };
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'gp', '-A', 'trust', '--no-sync', '--no-instructions', '-E', 'UTF8']);
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const version = run('postgres', ['--version'])
    .trim()
    .replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL ');
  const base = `postgres://gp@127.0.0.1:${port}`;
  return {
    url: `${base}/postgres`,
    version,
    createDatabase(name) {
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'gp', name]);
      return `${base}/${name}`;
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
