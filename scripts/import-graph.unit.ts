// No import cycles anywhere in the project: a cycle fails CI and is named, module by module.
import { expect, test } from '@playwright/test';
import { findCycles, importGraph, type ImportGraph } from './import-graph.ts';

test('the project has no import cycles', () => {
  const graph = importGraph();
  // The walk must have seen the layers it guards, and their imports, or "no cycles" would prove nothing.
  expect(graph.get('src/clients/golden-path-client.ts')).toContain('src/clients/chat-session.ts');
  expect(graph.get('load/ws-concurrency.ts')).toContain('load/k6/auth.ts');
  expect(graph.get('reference-target/core.ts')).toContain('reference-target/ws/hub.ts');
  expect(graph.get('fixtures/diagnosis.ts')).toContain('src/clients/client-evidence.ts');
  expect(graph.get('src/clients/carriers.ts'), 'a type-only import is an edge').toContain(
    'src/clients/upgrade-outcome.ts',
  );
  expect(findCycles(graph), 'import cycles (move the shared type or function to the lower module)').toEqual(
    [],
  );
});

test('a cycle is found and named, a module importing itself included', () => {
  const graph: ImportGraph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts', 'd.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', []],
    ['e.ts', ['e.ts']],
    ['f.ts', ['a.ts', 'd.ts']],
    ['g.ts', ['h.ts']],
    ['h.ts', ['g.ts', 'i.ts']],
    ['i.ts', ['h.ts']],
  ]);
  expect(findCycles(graph)).toEqual([
    'a.ts → b.ts → c.ts → a.ts',
    'e.ts → e.ts',
    'g.ts → h.ts → g.ts (tangled with i.ts)',
  ]);
  expect(
    findCycles(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', []],
      ]),
    ),
  ).toEqual([]);
});
