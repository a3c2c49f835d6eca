/**
 * The job handlers of the application, subscribed here (the composition root) and nowhere else:
 * each is a subscriber of one or more topics (platform/jobs/topics.ts), tracked on its own.
 * Every process declares all of them, so every event is fanned out to all; a process runs those it
 * can (mail only where a mail transport exists). See docs/jobs.md.
 */
import type { Config } from './config.ts';
import { mailSubscription } from './modules/notifications/service.ts';
import { openMailHandler } from './modules/notifications/worker.ts';
import { createProposalHandler } from './modules/proposals/handler.ts';
import { createSensorAlarmHandler } from './modules/sensors/handler.ts';
import {
  createWebhookDispatcher,
  type DispatcherOptions,
  type WebhookDispatcher,
} from './modules/webhooks/dispatcher.ts';
import { createWebhookHandler } from './modules/webhooks/handler.ts';
import { createStatisticsHandler } from './platform/jobs/event-statistics.ts';
import type { Subscription } from './platform/jobs/job-store.ts';
import {
  createJobWorker,
  type JobHandler,
  type JobWorker,
  type JobWorkerOptions,
  type WorkerLog,
} from './platform/jobs/job-worker.ts';
import type { Mailer } from './platform/mail/mailer.ts';
import type { Services } from './services.ts';

export interface JobHandlers {
  /** Every handler of the application (what events are fanned out to). */
  subscriptions: Subscription[];
  /** The handlers this process runs. */
  handlers: JobHandler[];
  /** Where mail goes, or undefined when this process sends none. */
  mailDestination: string | undefined;
  /** The webhook delivery loop (modules/webhooks), run beside the worker. */
  webhookDelivery: WebhookDispatcher;
  close(): Promise<void>;
}

export interface JobHandlerOptions {
  /** Send mail through this mailer instead of the configured transport (tests). */
  mailer?: Mailer;
  /** Further handlers (tests and the durability check add their own). */
  extra?: readonly JobHandler[];
  /** The clock handlers read (a proposal's derived ages); the system clock by default. */
  now?: () => Date;
  /** The webhook delivery loop's settings (tests: fewer attempts, shorter waits, their tenants). */
  webhooks?: Omit<DispatcherOptions, 'db' | 'webhooks' | 'log'>;
}

/** The application's handlers: mail (where a transport exists), proposals, sensor alarms, statistics and webhooks, plus any extra. */
export async function createJobHandlers(
  services: Services,
  config: Config,
  log: WorkerLog,
  options: JobHandlerOptions = {},
): Promise<JobHandlers> {
  const mail = await openMailHandler(services, config, log, options.mailer);
  const statistics = createStatisticsHandler(services.db);
  const proposals = createProposalHandler({
    db: services.db,
    caseHandling: services.caseHandling,
    now: options.now ?? (() => new Date()),
    decideAutomatically: services.decisions.decideAutomatically,
  });
  const sensorAlarms = createSensorAlarmHandler(services.sensors);
  const webhookDelivery = createWebhookDispatcher({
    now: options.now,
    ...options.webhooks,
    db: services.db,
    webhooks: services.webhooks,
    log,
  });
  const webhooks = createWebhookHandler(services.webhooks, () => webhookDelivery.nudge(), options.now);
  const extra = options.extra ?? [];
  const common = [proposals, sensorAlarms, statistics, webhooks, ...extra];
  return {
    subscriptions: [mailSubscription, ...common],
    handlers: [...(mail.handler ? [mail.handler] : []), ...common],
    mailDestination: mail.destination,
    webhookDelivery,
    close: mail.close,
  };
}

export interface JobRunner extends JobWorker {
  readonly handlers: JobHandlers;
  /** Stops the worker, then closes the mail transport. */
  close(): Promise<void>;
}

/** The application's job worker over its handlers (main.ts; tests pass a clock and a mailer). */
export async function createJobRunner(
  services: Services,
  config: Config,
  log: WorkerLog,
  options: JobHandlerOptions & Omit<Partial<JobWorkerOptions>, 'db' | 'handlers' | 'subscriptions'> = {},
): Promise<JobRunner> {
  const { mailer, extra, webhooks, ...workerOptions } = options;
  const handlers = await createJobHandlers(services, config, log, {
    mailer,
    extra,
    now: workerOptions.now,
    webhooks: { onlyTenants: workerOptions.onlyTenants, ...webhooks },
  });
  const worker = createJobWorker({
    ...workerOptions,
    db: services.db,
    handlers: handlers.handlers,
    subscriptions: handlers.subscriptions,
    log,
  });
  const unlisten = services.jobSignal.listen(() => worker.nudge());
  return {
    ...worker,
    handlers,
    start() {
      worker.start();
      handlers.webhookDelivery.start();
    },
    async close() {
      unlisten();
      await Promise.all([worker.stop(), handlers.webhookDelivery.stop()]);
      await handlers.close();
    },
  };
}
