// A remote environment's preflight (the setup project its suites depend on) makes the run's first request and judges
// it: a target that is down, refusing, unresolvable, failing TLS or answering 5xx stops the run red behind one
// reported failure naming the URL and its answer (F13, F18, F7, …), and the first request's latency is an SLA.
import { expectReachable, firstRequestMs } from '../src/clients/reachability.ts';
import { HttpClient } from '../src/clients/http.ts';
import { FINDING_ANNOTATION } from '../src/diagnosis/annotation.ts';
import { findingOfError } from '../src/diagnosis/finding.ts';
import { attachSlaResults, createRecorder } from '../fixtures/sla.ts';
import { test as setup } from '../fixtures/environment.ts';

setup('the target answers', async ({ config }, testInfo) => {
  const sla = createRecorder(config, testInfo);
  const http = new HttpClient();
  try {
    await expectReachable(config, 6000, http);
  } catch (error) {
    // No client fixtures here (they would wait on the unreachable target): the finding is annotated directly.
    testInfo.annotations.push({
      type: FINDING_ANNOTATION,
      description: JSON.stringify(findingOfError(error)),
    });
    sla.record('first_request.latency', { unmeasured: 'the first request failed (see the finding)' });
    await attachSlaResults(sla, testInfo);
    throw error;
  }
  const ms = firstRequestMs(http);
  try {
    // Judged once, as made: a slow first answer after a deploy is a breach, not something a retry may hide.
    sla.check('first_request.latency', ms ?? { unmeasured: 'no service answered' });
  } catch (error) {
    testInfo.annotations.push({
      type: FINDING_ANNOTATION,
      description: JSON.stringify(findingOfError(error)),
    });
    throw error;
  } finally {
    await attachSlaResults(sla, testInfo);
  }
});
