// K users connected at once, asking at the same moment: each receives only its own events (F10), identities differ
// (F15), and no frame any user receives carries another user's request marker or ids, user id field or not.
import { expect, test } from '../../fixtures/index.ts';
import { newRequestMarker } from '../../src/clients/cross-user-frames.ts';
import { judgeIsolation } from '../../src/clients/isolation.ts';
import { requires } from '../../fixtures/not-applicable.ts';

test.describe('isolation between users', { tag: ['@websocket'] }, () => {
  test('K users asking at once each see only their own events', async ({ goldenPath, config }) => {
    requires(config.profile, 'authEnforced');
    const users = config.isolationUsers();
    const sessions = await Promise.all(
      users.map(async (user, i) => {
        const { token } = await goldenPath.auth.acquireToken(user);
        const marker = newRequestMarker(`u${i + 1}`);
        return { label: user.label, marker, session: await goldenPath.connect(token) };
      }),
    );
    const runs = await Promise.all(
      sessions.map((s) => s.session.ask(`${config.profile.probe.question} (${s.marker})`)),
    );
    // Judged after the last run ended: every frame any socket received until then is scanned.
    const report = judgeIsolation(sessions.map((s, i) => ({ ...s, run: runs[i]! })));
    test.info().annotations.push({
      type: 'isolation',
      description: `${users.length} users, each frame scanned for ${users.length - 1} other users' markers and ids`,
    });
    expect(report.sharedIdentity, 'the target gives different users different identities').toBeUndefined();
    expect(report.breaches, report.breaches.join('\n')).toEqual([]);
    expect(report.incomplete, report.incomplete.join('\n')).toEqual([]);
  });
});
