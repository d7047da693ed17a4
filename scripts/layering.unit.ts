// The layering in eslint.config.mjs, proved on sample imports: each layer's forbidden import is an error, a
// legitimate one is clean. The samples are parsed without type information (the import rules need none): fast.
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { SCENARIOS } from '../load/lib/load-shapes.ts';
import { importGraph, reachable } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: tseslint.configs.disableTypeChecked,
  ruleFilter: ({ ruleId }) => ruleId === '@typescript-eslint/no-restricted-imports',
});

/** The layering messages for `code` written in the (not necessarily existing) file `filePath`. */
async function layering(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  const messages = result?.messages ?? [];
  // A parse error or an unlinted (ignored) file would make "no restriction" meaningless.
  expect(messages.filter((m) => m.ruleId !== '@typescript-eslint/no-restricted-imports')).toEqual([]);
  return messages.map((m) => m.message);
}

const CASES: { file: string; forbidden: string[]; allowed: string[] }[] = [
  {
    file: 'reference-target/x.ts',
    forbidden: [
      "import { x } from '../src/config/index.ts';",
      "import type { Profile } from '../../profiles/define.ts';",
      "import { test } from '../fixtures/index.ts';",
    ],
    allowed: ["import { createCore } from './core.ts';", "import { WebSocketServer } from 'ws';"],
  },
  {
    file: 'src/protocol/x.ts',
    forbidden: [
      "import fs from 'node:fs';",
      "import { join } from 'path';",
      "import { z } from 'zod';",
      "import { loadConfig } from '../config/index.ts';",
      "import { redact } from '../config/secret.ts';",
    ],
    allowed: [
      "import { readId } from './json-path.ts';",
      "import type { Profile } from '../../profiles/define.ts';",
    ],
  },
  {
    file: 'src/clients/x.ts',
    forbidden: [
      "import { test } from '@playwright/test';",
      "import { chromium } from 'playwright';",
      "import { allure } from 'allure-playwright';",
      "import { test } from '../../fixtures/index.ts';",
    ],
    allowed: [
      "import WebSocket from 'ws';",
      "import { performance } from 'node:perf_hooks';",
      "import type { Config } from '../config/index.ts';",
    ],
  },
  {
    file: 'load/k6/x.ts',
    forbidden: [
      "import { readFileSync } from 'node:fs';",
      "import WebSocket from 'ws';",
      "import { loadConfig } from '../../src/config/index.ts';",
      "import { startRun } from '../node-executor/run.ts';",
    ],
    allowed: [
      "import http from 'k6/http';",
      "import { check } from 'k6';",
      "import type { LoadUser } from '../lib/plan.ts';",
      "import { render } from '../../src/protocol/template.ts';",
      "import { buildSlaTable } from '../../src/config/sla-table.ts';",
    ],
  },
  {
    file: 'src/sla/judge.ts',
    forbidden: ["import { z } from 'zod';", "import { inspect } from 'node:util';"],
    allowed: [
      "import type { SlaTable } from '../config/sla-table.ts';",
      "import { summarize } from './stats.ts';",
    ],
  },
  {
    file: 'load/lib/x.ts',
    forbidden: [
      "import http from 'k6/http';",
      "import { k6Json } from '../k6/http-json.ts';",
      "import 'node:fs';",
    ],
    allowed: [
      "import { matches } from '../../src/protocol/json-path.ts';",
      "import { M } from './metrics.ts';",
    ],
  },
];

for (const { file, forbidden, allowed } of CASES) {
  test(`layering in ${file}`, async () => {
    for (const code of forbidden) expect(await layering(file, code), code).toHaveLength(1);
    for (const code of allowed) expect(await layering(file, code), code).toEqual([]);
  });
}

test('src unit tests may use Playwright, but not the fixtures', async () => {
  expect(await layering('src/clients/x.unit.ts', "import { test } from '@playwright/test';")).toEqual([]);
  expect(
    await layering('src/clients/x.unit.ts', "import { test } from '../../fixtures/index.ts';"),
  ).toHaveLength(1);
});

test('every module a k6 scenario bundles is linted as k6 code', async () => {
  const bundled = reachable(
    importGraph(undefined, undefined, { valueOnly: true }),
    SCENARIOS.map((s) => `load/${s}.ts`),
  );
  expect(bundled).toContain('src/protocol/frames.ts');
  for (const file of bundled) {
    expect(
      await layering(file, "import { inspect } from 'node:util';\nimport { z } from 'zod';"),
      file,
    ).toHaveLength(2);
  }
});
