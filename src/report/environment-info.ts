// The report's environment panel: target URLs, the versions the target's health endpoints report, the harness commit.
import { execFileSync } from 'node:child_process';
import type { VersionSource } from '../../profiles/define.ts';
import type { Config } from '../config/index.ts';
import { ClientError } from '../clients/errors.ts';
import { HttpClient } from '../clients/http.ts';
import { readMetaTag } from '../health/versions.ts';
import { readId } from '../protocol/json-path.ts';

/** Service ("API", "auth service", "frontend") → what it reported, or why nothing could be read. */
export type TargetVersions = Record<string, { version?: string; commit?: string; error?: string }>;

/** Ask each service the profile names a version source for; every call bounded by `timeoutMs`, none throws. */
export async function readTargetVersions(
  config: Config,
  timeoutMs = 5000,
  http = new HttpClient(),
): Promise<TargetVersions> {
  const h = config.profile.health;
  const services: Array<[string, string, VersionSource | undefined]> = [
    ['API', config.urls.api, h.api.version],
    ['auth service', config.urls.auth, h.auth.version],
    ['frontend', config.urls.web, h.web?.version],
  ];
  const read = async ([service, base, source]: [string, string, VersionSource]): Promise<
    [string, TargetVersions[string]]
  > => {
    try {
      const res = await http.call(base + source.path, { timeoutMs, what: `${service} version` });
      if (res.status < 200 || res.status > 299)
        return [service, { error: `${base + source.path} answered ${res.status}` }];
      if (source.kind === 'meta') {
        const version = readMetaTag(res.text, source.name);
        return [
          service,
          version === undefined
            ? { error: `no <meta name="${source.name}"> at ${base + source.path}` }
            : { version },
        ];
      }
      const version = readId(res.json, source.versionPath);
      const commit = source.commitPath ? readId(res.json, source.commitPath) : undefined;
      if (version === undefined && commit === undefined)
        return [service, { error: `no version at ${base + source.path}` }];
      return [
        service,
        { ...(version !== undefined ? { version } : {}), ...(commit !== undefined ? { commit } : {}) },
      ];
    } catch (error) {
      if (error instanceof ClientError) return [service, { error: error.message }];
      throw error;
    }
  };
  const known = services.filter((s): s is [string, string, VersionSource] => s[2] !== undefined);
  return Object.fromEntries(await Promise.all(known.map(read)));
}

/** The harness's own commit: CI's (e.g. GITHUB_SHA, handed in by the caller) or git's; says so when there is none. */
export function harnessCommit(cwd: string, fromCi?: string): string {
  if (fromCi) return fromCi.slice(0, 12);
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 })
      .toString()
      .trim();
  try {
    const sha = git(['rev-parse', '--short=12', 'HEAD']);
    return git(['status', '--porcelain', '--untracked-files=no']) ? `${sha} (modified)` : sha;
  } catch {
    return 'unknown (no git commit)';
  }
}

/** Flat key → value pairs for Allure's environment panel (environment.properties) and the verdict. */
export function environmentInfo(
  config: Config,
  versions: TargetVersions,
  commit: string,
): Record<string, string> {
  const info: Record<string, string> = {
    environment: config.environment,
    profile: config.profile.name,
    'url.web': config.urls.web,
    'url.api': config.urls.api,
    'url.auth': config.urls.auth,
    'url.ws': config.urls.ws,
    'harness.commit': commit,
  };
  for (const [service, v] of Object.entries(versions)) {
    const key = service
      .replace(/\s+service$/, '')
      .replace(/\s+/g, '-')
      .toLowerCase();
    info[`${key}.version`] =
      v.version ?? (v.error !== undefined ? `unreadable: ${v.error}` : '(none reported)');
    if (v.commit !== undefined) info[`${key}.commit`] = v.commit;
  }
  return info;
}
