// K users connected at once, asking at the same moment: each receives only its own events (F10), identities differ (F15).
import { expect, test } from '../../fixtures/index.ts';
import { judgeIsolation } from '../../src/clients/isolation.ts';
import { requires } from '../../fixtures/not-applicable.ts';

test.describe('isolation between users', { tag: ['@websocket'] }, () => {
  test('K users asking at once each see only their own events', async ({ goldenPath, config }) => {
    requires(config.profile, 'authEnforced');
    const users = config.isolationUsers();
    const sessions = await Promise.all(
      users.map(async (user) => {
        const { token } = await goldenPath.auth.acquireToken(user);
        return { label: user.label, session: await goldenPath.connect(token) };
      }),
    );
    const runs = await Promise.all(
      sessions.map((s) => s.session.ask(`${config.profile.probe.question} (${s.label})`)),
    );
    const report = judgeIsolation(sessions.map((s, i) => ({ ...s, run: runs[i]! })));
    expect(report.sharedIdentity, 'the target gives different users different identities').toBeUndefined();
    expect(report.breaches, report.breaches.join('\n')).toEqual([]);
    expect(report.incomplete, report.incomplete.join('\n')).toEqual([]);
  });
});
