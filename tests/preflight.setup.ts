// A remote environment's preflight (the setup project its suites depend on): the target answers at all, else every
// suite of it is "did not run" behind one reported failure carrying TARGET_UNREACHABLE, not a failure per test.
import { expectReachable } from '../src/clients/reachability.ts';
import { test as setup } from '../fixtures/environment.ts';

setup('the target answers', async ({ config }) => {
  await expectReachable(config, 6000);
});
