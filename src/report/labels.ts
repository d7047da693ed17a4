// Allure labels of a harness test (pure): epic, feature = suite folder, story = describe, severity from tags.

export interface Label {
  name: string;
  value: string;
}

export const EPIC = 'Golden Path';

/** Severity by tag, most severe first: a test takes the first its tags name. */
const SEVERITY_BY_TAG: ReadonlyArray<readonly [string, string]> = [
  ['@golden-path', 'blocker'],
  ['@smoke', 'critical'],
  ['@websocket', 'critical'],
  ['@infra', 'normal'],
];

export function severityFor(tags: readonly string[]): string {
  return SEVERITY_BY_TAG.find(([tag]) => tags.includes(tag))?.[1] ?? 'normal';
}

export interface TestIdentity {
  /** Test file path relative to the repository root (`tests/websocket/handshake.spec.ts`). */
  file: string;
  /** Describe titles, outermost first (without the project and file). */
  describes: readonly string[];
  tags: readonly string[];
  environment: string;
}

/** The suite a test belongs to: its folder under tests/ (`golden-path`, `websocket`, `infra`). */
export function suiteOf(file: string): string {
  const parts = file.replace(/\\/g, '/').split('/');
  const at = parts.indexOf('tests');
  const folder = at >= 0 && parts.length > at + 2 ? parts[at + 1] : undefined;
  return folder ?? (parts[parts.length - 1] ?? file).replace(/\.(spec|unit)\.ts$/, '');
}

/**
 * Labels added at run time. Tags are not repeated here: allure-playwright already turns the test's tags
 * into `tag` labels. The `environment` label lets Allure group a multi-environment report.
 */
export function testLabels(id: TestIdentity): Label[] {
  const story = id.describes[id.describes.length - 1] ?? suiteOf(id.file);
  return [
    { name: 'epic', value: EPIC },
    { name: 'feature', value: suiteOf(id.file) },
    { name: 'story', value: story },
    { name: 'severity', value: severityFor(id.tags) },
    { name: 'environment', value: id.environment },
  ];
}
