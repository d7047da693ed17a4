// netra-apex web UI in a real browser: OAuth-only login, token injection, test-id selectors, the answer card; F5.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { chromiumExecutable } from './chromium.ts';
import { ALICE, login } from './http-client.ts';

const executablePath = chromiumExecutable();
test.use({ launchOptions: executablePath ? { executablePath } : {} });

let target: RunningTarget;
let token: string;
test.beforeAll(async () => {
  target = await startReferenceTarget({
    port: 0,
    log: 'silent',
    dialect: 'netra-apex',
    phaseDelayMs: [5, 20],
  });
  token = (await login(target.url, ALICE)).token;
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

test('/login is OAuth-only: no email or password field', async ({ page }) => {
  await page.goto(`${target.url}/login`);
  await expect(page.getByText('OAuth sign-in only')).toBeVisible();
  await expect(page.locator('input')).toHaveCount(0);
});

test('/chat?token= connects, a question gets an answer card, follow-ups reuse the thread', async ({
  page,
}) => {
  await page.goto(`${target.url}/chat?token=${encodeURIComponent(token)}`);
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');
  await expect(page).toHaveURL(/\/chat$/);
  await page.getByTestId('message-textarea').fill('First netra question');
  await page.getByTestId('send-button').click();
  const answers = page.getByRole('article', { name: 'Assistant message' });
  await expect(answers).toHaveCount(1);
  await expect(answers.first()).toContainText('You asked: "First netra question"');
  await expect(page.getByTestId('agent-processing')).toBeHidden();
  await page.getByLabel('Message input').fill('Second netra question');
  await page.getByLabel('Send message').click();
  await expect(answers).toHaveCount(2);
  await expect(answers.nth(1)).toContainText('"Second netra question"');
});

test("a token in localStorage['jwt_token'] is enough", async ({ page }) => {
  await page.goto(`${target.url}/login`);
  await page.evaluate((t) => localStorage.setItem('jwt_token', t), token);
  await page.goto(`${target.url}/chat`);
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');
});

test('F5 frontend-protocol-mismatch: the stale bundle never reaches Connected', async ({ page }) => {
  target.setFaults('frontend-protocol-mismatch');
  await page.goto(`${target.url}/chat?token=${encodeURIComponent(token)}`);
  await expect(page.getByTestId('connection-status')).toHaveText('Offline');
  await expect(page.getByTestId('send-button')).toBeDisabled();
});
