/**
 * The `webhooks` job handler: turns each case event into its deliveries (one per subscription that
 * receives it) and wakes the delivery loop. Ordered per case, so a case's deliveries are created in
 * the order of its events, which is the order the loop sends them in. Exactly once in effect: a
 * (subscription, event) pair is unique, so a repeated job adds nothing.
 */
import { defineHandler, type JobHandler } from '../../platform/jobs/job-worker.ts';
import type { CaseEventJob, WebhookService } from './service.ts';

export const WEBHOOK_HANDLER = 'webhooks';

/**
 * The handler over the service; `created` is told when new deliveries were made, due at `now()` of
 * the worker's clock (the delivery loop's clock, so tests that move one move both).
 */
export function createWebhookHandler(
  webhooks: Pick<WebhookService, 'materialise'>,
  created: () => void,
  now: () => Date = () => new Date(),
): JobHandler {
  const runBatch = async (jobs: readonly CaseEventJob[]) => {
    if ((await webhooks.materialise(jobs, now())) > 0) created();
  };
  return defineHandler({
    name: WEBHOOK_HANDLER,
    topics: ['case.submitted', 'case.changed'],
    ordered: 'perCase',
    run: (job) => runBatch([job as CaseEventJob]),
    runBatch: (jobs) => runBatch(jobs as readonly CaseEventJob[]),
  });
}
