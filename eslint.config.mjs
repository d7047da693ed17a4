// Lint: typescript-eslint (type-aware, no floating promises) everywhere, Playwright rules in tests, and the
// architecture's layering (docs/architecture.md) as import restrictions per folder.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import playwright from 'eslint-plugin-playwright';
import globals from 'globals';

// Layering. Every pattern is a regular expression on the import specifier. A relative one is judged by the folder
// it climbs into ("../../src/config/x.ts" climbs into src/config/), whatever the importer's depth. ESLint applies
// only the last block that sets the rule for a file, so a stricter block repeats what it keeps of a looser one.
// Dynamic import() is not checked; the cycle check (scripts/import-graph.unit.ts) sees every import.
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const BUILTINS = `(?:${builtinModules.map(escape).join('|')})(?:/|$)`;
const climbsInto = (folders) => `^(?:\\.\\./)+(?:${folders.map(escape).join('|')})(?:/|$)`;
const climbsOutsideOf = (allowed) => `^(?:\\.\\./)+(?!${allowed.map(escape).join('|')})[^.]`;
const nodeBuiltins = (message) => ({ regex: `^(?:node:|${BUILTINS})`, message });
const npmPackages = (message, except = []) => ({
  regex: `^(?![./]|node:|${BUILTINS}${except.map((e) => `|${escape(e)}(?:/|$)`).join('')})`,
  message,
});

const SRC_NEVER = {
  regex: climbsInto(['fixtures', 'tests', 'scripts', 'load', 'reference-target']),
  message: 'src/ is the library under fixtures, tests, scripts and load; it never imports from them.',
};
const NO_PLAYWRIGHT = {
  regex: '^(?:@playwright/|playwright(?:-core)?(?:/|$)|allure-playwright(?:/|$))',
  message: 'src/ knows nothing of Playwright (it serves the load executor and CLIs too); fixtures adapt it.',
};
// Modules outside load/ and src/protocol that the k6 bundles inline (scripts/build-load.ts): pure as protocol is.
const K6_SHARED_FILES = [
  'profiles/define.ts',
  'profiles/index.ts',
  'profiles/default.ts',
  'profiles/netra-apex.ts',
  'profiles/lumen.ts',
  'src/config/sla-table.ts',
  'src/config/profile-overrides.ts',
  'src/config/timeout-defaults.ts',
  'src/sla/judge.ts',
  'src/sla/stats.ts',
  'src/format/duration.ts',
];
// What load/k6, load/lib and the scenarios may climb into: the pure code above.
const K6_SHARED = ['profiles/', 'src/protocol/', ...K6_SHARED_FILES.filter((f) => f.startsWith('src/'))];
const K6_NO_NODE = nodeBuiltins(
  'k6 has no Node built-ins: code bundled into a k6 scenario cannot import them.',
);

const UNIT_TESTS = ['**/*.unit.ts'];
const restrict = (files, patterns, ignores = [], { allowTypeImports = true } = {}) => ({
  files,
  ignores,
  // Type-only imports are erased before anything runs or is bundled: they cross layers freely.
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: patterns.map((p) => ({ ...p, allowTypeImports })) },
    ],
  },
});

const layering = [
  restrict(
    ['reference-target/**/*.ts'],
    [
      {
        regex: climbsInto(['src', 'fixtures', 'load', 'tests', 'scripts', 'profiles']),
        message:
          'reference-target is an independent implementation of the contract: it imports nothing of the harness.',
      },
    ],
    [],
    // Not even types: two implementations that shared a type could share its mistake.
    { allowTypeImports: false },
  ),
  restrict(['src/**/*.unit.ts'], [SRC_NEVER]),
  restrict(['src/**/*.ts'], [SRC_NEVER, NO_PLAYWRIGHT], UNIT_TESTS),
  restrict(K6_SHARED_FILES, [
    SRC_NEVER,
    K6_NO_NODE,
    npmPackages('This module is bundled into the k6 scenarios: it imports no npm package.'),
  ]),
  restrict(
    ['src/protocol/**/*.ts'],
    [
      nodeBuiltins('src/protocol is pure (k6 bundles it): no Node built-ins.'),
      npmPackages('src/protocol is pure (k6 bundles it): no npm packages.'),
      {
        regex: climbsOutsideOf(['profiles/']),
        message:
          'src/protocol is pure: it imports only itself and profiles/, never config or a module that reads it.',
      },
    ],
    UNIT_TESTS,
  ),
  restrict(
    ['load/*.ts', 'load/k6/**/*.ts'],
    [
      K6_NO_NODE,
      npmPackages('k6 scenarios import only k6 and k6/* modules; npm packages are not bundled for k6.', [
        'k6',
      ]),
      {
        regex: climbsOutsideOf(['k6/', 'lib/', ...K6_SHARED]),
        message: `k6 code imports only load/k6, load/lib and pure shared code (${K6_SHARED.join(', ')}).`,
      },
    ],
    UNIT_TESTS,
  ),
  restrict(
    ['load/lib/**/*.ts'],
    [
      K6_NO_NODE,
      npmPackages(
        'load/lib is bundled for k6 and run by the Node executor: no npm packages, not even k6 (load/k6 wraps it).',
      ),
      {
        regex: climbsOutsideOf(K6_SHARED),
        message: `load/lib is shared by k6 and the Node executor: it imports only pure shared code (${K6_SHARED.join(', ')}).`,
      },
    ],
    UNIT_TESTS,
  ),
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'allure-results/**',
      'allure-report/**',
      'load-results/**',
      'reference-target/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['tests/**/*.ts'],
    ...playwright.configs['flat/recommended'],
    rules: {
      ...playwright.configs['flat/recommended'].rules,
      // A conditional skip with its reason is how "not applicable" is reported; an unconditional skip is not allowed.
      'playwright/no-skipped-test': ['error', { allowConditional: true }],
      'playwright/expect-expect': [
        'error',
        {
          assertFunctionNames: [
            'expect',
            'sla.check',
            'expect.poll',
            'expectAllPassed',
            'expectRefused',
            'expectReachable',
          ],
        },
      ],
    },
  },
  ...layering,
);
