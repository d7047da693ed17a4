// The default dialect's web UI in a real browser: sign in, reach Connected, ask, see the answer; F5 stays offline.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { chromiumExecutable } from './chromium.ts';
import { ALICE } from './http-client.ts';

const executablePath = chromiumExecutable();
test.use({ launchOptions: executablePath ? { executablePath } : {} });

let target: RunningTarget;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', phaseDelayMs: [5, 20] });
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

test('sign in, reach Connected, ask, and see the assistant answer', async ({ page }) => {
  await page.goto(`${target.url}/`);
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill(ALICE.email);
  await page.getByLabel('Password').fill(ALICE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByRole('status', { name: /Connected/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
  await page.getByRole('textbox', { name: 'Message' }).fill('What does the UI show?');
  await page.getByRole('button', { name: 'Send' }).click();
  const answer = page
    .getByRole('list', { name: 'Conversation' })
    .getByRole('listitem', { name: 'Assistant message' });
  await expect(answer).toContainText('You asked: "What does the UI show?"');
  await expect(page.getByRole('status', { name: 'Agent status' })).toHaveText('agent_completed');
});

test('wrong credentials show an alert and stay on /login', async ({ page }) => {
  await page.goto(`${target.url}/login`);
  await page.getByLabel('Email').fill(ALICE.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').first()).toHaveText('Invalid email or password.');
  await expect(page).toHaveURL(/\/login$/);
});

test('F5 frontend-protocol-mismatch: the stale bundle never reaches Connected', async ({ page }) => {
  target.setFaults('frontend-protocol-mismatch');
  await page.goto(`${target.url}/login`);
  await page.getByLabel('Email').fill(ALICE.email);
  await page.getByLabel('Password').fill(ALICE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByRole('status', { name: 'Connection: Offline' })).toBeVisible();
  await expect(page.getByRole('status', { name: /Connected/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
});
