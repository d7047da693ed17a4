// Unit tests of duration and ratio parsing ("0.123s", "120 ms", "99.0%").
import { expect, test } from '@playwright/test';
import { parseDurationMs, parseRatio } from './units.ts';

test('durations with a unit are read in that unit', () => {
  expect(parseDurationMs('0.123s', 'ms')).toBeCloseTo(123);
  expect(parseDurationMs('120 ms', 's')).toBe(120);
  expect(parseDurationMs('1.5 seconds', 'ms')).toBe(1500);
  expect(parseDurationMs('250us', 'ms')).toBeCloseTo(0.25);
  expect(parseDurationMs('2 min', 'ms')).toBe(120_000);
});

test('bare numbers are read in the unit the profile states', () => {
  expect(parseDurationMs(42, 'ms')).toBe(42);
  expect(parseDurationMs(0.5, 's')).toBe(500);
  expect(parseDurationMs('7', 's')).toBe(7000);
});

test('anything else is not a duration', () => {
  for (const v of ['fast', '', '1.2.3s', null, undefined, {}, Number.NaN, '12 parsecs'])
    expect(parseDurationMs(v, 'ms')).toBeUndefined();
});

test('ratios: percentages, bare percentages above 1, bare ratios', () => {
  expect(parseRatio('99.0%')).toBeCloseTo(0.99);
  expect(parseRatio('12.5 %')).toBeCloseTo(0.125);
  expect(parseRatio(40)).toBeCloseTo(0.4);
  expect(parseRatio('85')).toBeCloseTo(0.85);
  expect(parseRatio(0.3)).toBeCloseTo(0.3);
  expect(parseRatio(0)).toBe(0);
  for (const v of ['full', '-5%', -1, undefined, true]) expect(parseRatio(v)).toBeUndefined();
});
