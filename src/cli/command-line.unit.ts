// Unit tests of the shared command-line reader: strict flags, help before anything, one-line problems.
import { expect, test } from '@playwright/test';
import { CommandLineError, defineCommand, readCommandLine, usageText } from './command-line.ts';

const spec = defineCommand({
  name: 'demo',
  usage: 'demo [--out <dir>] [--fast] [-- <more>]',
  about: 'A command for the tests.',
  options: { out: { type: 'string', default: 'x' }, fast: { type: 'boolean' } },
  help: { out: ['<dir>', 'where it goes'], fast: 'go fast' },
  passthrough: true,
});

test('flags, defaults and what follows "--"', () => {
  expect(readCommandLine(spec, ['--fast', '--out=y', '--', '--grep', '@smoke'])).toEqual({
    values: { out: 'y', fast: true },
    positionals: [],
    rest: ['--grep', '@smoke'],
  });
  expect(readCommandLine(spec, [])).toMatchObject({ values: { out: 'x' }, rest: [] });
});

test('--help and -h win over anything else before "--", and list every flag', () => {
  for (const argv of [['--help'], ['-h', '--bogus'], ['--out', 'y', '--help']])
    expect(readCommandLine(spec, argv).help).toBe(usageText(spec));
  expect(readCommandLine(spec, ['--', '--help']).help).toBeUndefined();
  expect(usageText(spec)).toContain('--out <dir>  where it goes (default: x)');
  expect(usageText(spec)).toContain('-h, --help');
});

test("misuse is one short line, not parseArgs' paragraph", () => {
  const problem = (argv: string[]) => {
    try {
      readCommandLine(spec, argv);
    } catch (error) {
      expect(error).toBeInstanceOf(CommandLineError);
      return (error as Error).message;
    }
    return undefined;
  };
  expect(problem(['--bogus'])).toBe('unknown option --bogus');
  expect(problem(['--out'])).toBe('--out needs a value');
  expect(problem(['--fast=1'])).toBe('--fast takes no value');
  expect(problem(['file.json'])).toBe('unexpected argument "file.json"');
});
