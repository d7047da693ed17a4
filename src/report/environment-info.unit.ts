// Unit tests of the environment panel: versions read where the profile says, failures reported, never thrown.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { loadConfig, type Config } from '../config/index.ts';
import { environmentInfo, harnessCommit, readTargetVersions } from './environment-info.ts';

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Where the profile says each service reports its version (read after the config exists: it knows the URL). */
function versionPaths(config: Config): { json: Set<string>; page: string | undefined } {
  const h = config.profile.health;
  return {
    json: new Set([h.api.version?.path, h.auth.version?.path].filter((p): p is string => p !== undefined)),
    page: h.web?.version?.path,
  };
}

test('versions and commits come from the health body and the page meta tag', async () => {
  let paths: ReturnType<typeof versionPaths> = { json: new Set(), page: undefined };
  const { url, server } = await serve((req, res) => {
    if (paths.json.has(req.url ?? '')) {
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'healthy', version: '2.0.1', commit: 'abc1234' }));
    }
    if (req.url === paths.page) {
      return res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<html><head><meta content="2.0.0" name="version"></head></html>');
    }
    res.writeHead(404).end();
  });
  try {
    const config = await loadConfig({ environment: 'local', env: {}, localBaseUrl: url });
    paths = versionPaths(config);
    const versions = await readTargetVersions(config, 2000);
    expect(versions).toEqual({
      API: { version: '2.0.1', commit: 'abc1234' },
      'auth service': { version: '2.0.1', commit: 'abc1234' },
      frontend: { version: '2.0.0' },
    });
    const info = environmentInfo(config, versions, 'deadbeef');
    expect(info).toMatchObject({
      environment: 'local',
      'url.api': url,
      'api.version': '2.0.1',
      'api.commit': 'abc1234',
      'frontend.version': '2.0.0',
      'harness.commit': 'deadbeef',
    });
  } finally {
    server.close();
  }
});

test('an unreachable or silent service is reported as unreadable, within the bound', async () => {
  let paths: ReturnType<typeof versionPaths> = { json: new Set(), page: undefined };
  const { url, server } = await serve((req, res) => {
    // A health body without a version; the page never answers: the bound must cut it.
    if (paths.json.has(req.url ?? ''))
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"healthy"}');
  });
  try {
    const config = await loadConfig({ environment: 'local', env: {}, localBaseUrl: url });
    paths = versionPaths(config);
    const t0 = Date.now();
    const versions = await readTargetVersions(config, 500);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(versions.API?.error).toContain('no version');
    expect(versions.frontend?.error).toContain('HTTP_TIMEOUT');
    expect(environmentInfo(config, versions, 'x')['frontend.version']).toMatch(/^unreadable: HTTP_TIMEOUT/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('the harness commit: CI says it, else git, else it says there is none', () => {
  expect(harnessCommit('/', '0123456789abcdef0123')).toBe('0123456789ab');
  expect(harnessCommit('/')).toBe('unknown (no git commit)');
});
