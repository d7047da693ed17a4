// The Golden Path in the browser, as a person walks it: sign in, see Connected, ask, watch the agent, read the answer.
import { expect, test } from '../../fixtures/index.ts';
import {
  expectConnectedOrExplain,
  expectServesSignedInUser,
  expectStatusChange,
  recordLogin,
  signInThroughUi,
  uiStepOrExplain,
} from '../../fixtures/journey.ts';
import { checkRelevance } from '../../src/clients/run-assessment.ts';
import { slaWaitMs } from '../../src/config/sla-table.ts';

test.describe('Golden Path journey in the browser', { tag: ['@golden-path', '@smoke'] }, () => {
  // A product without a web UI: the browser journey is not applicable (never a wait for a login form).
  test.beforeEach(({ config }) => {
    const { profile } = config;
    test.skip(!profile.ui, `n/a: ui (profile ${profile.name}) — the profile declares no web UI`);
  });

  test('a user signs in, chats, and sees the AI answer appear', async ({
    chatPage,
    config,
    goldenPath,
    sla,
  }) => {
    const user = config.users[0];
    const question = config.settings.PROBE_QUESTION ?? config.profile.probe.question;
    const t0 = performance.now();
    // The answer's waits are judged by the end-to-end SLA: bounded by it, not by the test timeout.
    const answerMs = slaWaitMs(config.sla, 'golden_path.e2e', config.timeouts.agentMs);

    await test.step('log in', async () => {
      recordLogin(sla, await signInThroughUi(chatPage, user, goldenPath, config.urls.auth));
    });

    await test.step('see the chat connected', () =>
      expectConnectedOrExplain(chatPage, goldenPath, user, config.timeouts.connectMs));

    await test.step('the chat serves the signed-in user', () => expectServesSignedInUser(goldenPath, user));

    const before = await chatPage.assistantItems.count();
    const initialStatus = await chatPage.statusText();

    await test.step('send the question', () => chatPage.ask(question));

    await test.step("see the agent's live status change", () =>
      expectStatusChange(chatPage, initialStatus, answerMs));

    await test.step('see the answer appear', async () => {
      await uiStepOrExplain(
        'see the answer appear',
        'UI_NO_ANSWER',
        () =>
          expect(chatPage.assistantItems, 'an assistant answer appears').toHaveCount(before + 1, {
            timeout: answerMs,
          }),
        goldenPath,
        user,
      );
      sla.check('golden_path.e2e', performance.now() - t0);
      const answer = (await chatPage.assistantItems.last().innerText()).trim();
      expect(
        checkRelevance(answer, question, config.profile, config.settings.RELEVANCE_PATTERN),
        'the answer is relevant to the question',
      ).toBeUndefined();
    });
  });
});
