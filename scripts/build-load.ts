// `npm run build:load`: bundles each k6 scenario with esbuild into dist/load/<scenario>.js, k6 modules external.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SCENARIOS } from '../load/lib/load-shapes.ts';
import { K6_ESBUILD } from '../load/node-executor/k6-runner.ts';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BuiltBundle {
  scenario: string;
  file: string;
  bytes: number;
}

/** Bundles every scenario (profiles, src/protocol and the SLA table inlined); throws on any build error. */
export async function buildLoadBundles(outdir = join(ROOT, 'dist', 'load')): Promise<BuiltBundle[]> {
  const result = await build({
    entryPoints: SCENARIOS.map((s) => join(ROOT, 'load', `${s}.ts`)),
    outdir,
    ...K6_ESBUILD,
    metafile: true,
    legalComments: 'none',
    banner: { js: '// Built by scripts/build-load.ts from load/*.ts: edit the sources, not this file.' },
  });
  return Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, meta]) => {
      const scenario = file.replace(/^.*\//, '').replace(/\.js$/, '');
      // A Node built-in in a bundle would fail only when k6 loads it: refuse it here.
      const nodeImport = meta.imports.find((i) => i.path.startsWith('node:'));
      if (nodeImport)
        throw new Error(
          `LOAD_BUNDLE_INVALID: ${scenario} imports ${nodeImport.path} (k6 has no Node built-ins)`,
        );
      return { scenario, file: resolve(ROOT, file), bytes: meta.bytes };
    });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  commandLine(
    defineCommand({
      name: 'build:load',
      usage: 'npm run build:load',
      about: 'Bundles each k6 scenario with esbuild into dist/load/<scenario>.js (k6 modules external).',
      options: {},
      help: {},
    }),
  );
  const bundles = await buildLoadBundles();
  for (const b of bundles) console.log(`built ${b.scenario}: ${b.file} (${(b.bytes / 1024).toFixed(1)} KiB)`);
}
