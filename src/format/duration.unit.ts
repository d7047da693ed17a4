// Unit tests of the duration formatter: every style in use, so a message's wording never drifts.
import { expect, test } from '@playwright/test';
import { formatDuration, formatSeconds } from './duration.ts';

test('the default: whole milliseconds below 1 s, one decimal of seconds from 1 s', () => {
  expect(formatDuration(3.4)).toBe('3 ms');
  expect(formatDuration(999.4)).toBe('999 ms');
  expect(formatDuration(1000)).toBe('1.0 s');
  expect(formatDuration(1540)).toBe('1.5 s');
  expect(formatDuration(45_000)).toBe('45.0 s');
});

test('fixed units, decimals, compact and significant digits', () => {
  expect(formatSeconds(2134)).toBe('2.1s');
  expect(formatSeconds(0)).toBe('0.0s');
  expect(formatSeconds(1234, 2)).toBe('1.23s');
  expect(formatDuration(61_400, { unit: 's', digits: 0 })).toBe('61 s');
  expect(formatDuration(12.34, { unit: 'ms', msDigits: 1, compact: true })).toBe('12.3ms');
  expect(formatDuration(5.678, { digits: 2, msDigits: 2, compact: true })).toBe('5.68ms');
  expect(formatDuration(1234.5, { significant: 3 })).toBe('1.23 s');
  expect(formatDuration(0.1234, { significant: 3 })).toBe('0.123 ms');
  expect(formatDuration(Number.NaN)).toBe('NaN ms');
});
