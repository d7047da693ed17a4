// Unit tests of the Allure writer: results, attachments and environment info as Allure reads them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { InMemoryWriter } from 'allure-js-commons/sdk/reporter';
import { type AllureCase, writeAllureCases } from './allure-writer.ts';

const sample = (measured: string): AllureCase => ({
  name: 'auth.login.latency',
  fullName: 'sla:local:auth.login.latency',
  status: 'failed',
  message: 'SLA auth.login.latency breached on local: 1.1 s > 500 ms (n=1)',
  labels: [{ name: 'parentSuite', value: 'SLA' }],
  parameters: [{ name: 'measured', value: measured }],
  links: [{ name: 'measured by: local › journey', url: '#0123' }],
  attachments: [
    { name: 'chart', contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
  ],
  start: 1000,
  stop: 2000,
});

test('a case becomes a finished result with its status, message, parameters, link and attachment', () => {
  const writer = new InMemoryWriter();
  writeAllureCases([sample('1.1 s')], { writer }, { environment: 'local' });
  const [result] = writer.tests;
  expect(result?.status).toBe('failed');
  expect(result?.stage).toBe('finished');
  expect(result?.statusDetails.message).toContain('breached');
  expect(result?.parameters).toEqual([{ name: 'measured', value: '1.1 s', excluded: true }]);
  expect(result?.links).toEqual([{ name: 'measured by: local › journey', url: '#0123' }]);
  expect(result?.start).toBe(1000);
  expect(result?.stop).toBe(2000);
  const source = result?.attachments[0]?.source ?? '';
  expect(result?.attachments[0]?.type).toBe('image/svg+xml');
  expect(writer.attachments[source]?.toString()).toContain('<svg');
  expect(writer.envInfo).toEqual({ environment: 'local' });
});

test('the history id does not change with the measured value, so the report keeps one history per SLA', () => {
  const a = new InMemoryWriter();
  const b = new InMemoryWriter();
  writeAllureCases([sample('1.1 s')], { writer: a });
  writeAllureCases([sample('90 ms')], { writer: b });
  expect(a.tests[0]?.historyId).toBeTruthy();
  expect(a.tests[0]?.historyId).toBe(b.tests[0]?.historyId);
});

test('written to a directory: result and attachment files, and environment.properties', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-allure-'));
  try {
    writeAllureCases([sample('1.1 s')], { resultsDir: dir }, { 'url.api': 'http://127.0.0.1:1' });
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('-result.json'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('-attachment.svg'))).toHaveLength(1);
    expect(readFileSync(join(dir, 'environment.properties'), 'utf8')).toContain('url.api=http://127.0.0.1:1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
