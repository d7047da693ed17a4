// A remote environment's preflight (the setup project its suites depend on): the target answers at all, else every
// suite of it is "did not run" behind one reported failure carrying TARGET_UNREACHABLE (F13), not a failure per test.
import { expectReachable } from '../src/clients/reachability.ts';
import { FINDING_ANNOTATION } from '../src/diagnosis/annotation.ts';
import { findingOfError } from '../src/diagnosis/finding.ts';
import { test as setup } from '../fixtures/environment.ts';

setup('the target answers', async ({ config }, testInfo) => {
  try {
    await expectReachable(config, 6000);
  } catch (error) {
    // No client fixtures here (they would wait on the unreachable target): the finding is annotated directly.
    testInfo.annotations.push({
      type: FINDING_ANNOTATION,
      description: JSON.stringify(findingOfError(error)),
    });
    throw error;
  }
});
