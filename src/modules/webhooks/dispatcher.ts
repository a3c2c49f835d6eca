/**
 * The delivery loop (issue #12): claims due deliveries (each case's in order, see delivery-store.ts),
 * POSTs each signed body to its endpoint, and settles it: a 2xx answer is delivered; anything else
 * (another status, a refused connection, the timeout) is tried again after a doubling wait, and
 * after the last attempt the delivery is dead, a dead letter an administrator can replay. At least
 * once: a loop that dies after the receiver's 2xx, before the commit, sends the delivery again with
 * the same event id. Runs beside the job worker wherever it runs (job-handlers.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { WorkerLog } from '../../platform/jobs/job-worker.ts';
import { errorText } from '../../platform/jobs/retry.ts';
import {
  type ClaimedDelivery,
  claimDeliveries,
  markAttemptFailed,
  markDelivered,
  releaseDelivery,
  touchLastDelivered,
} from './delivery-store.ts';
import {
  WEBHOOK_FIRST_RETRY_SECONDS,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_MAX_RETRY_SECONDS,
  WEBHOOK_TIMEOUT_MS,
  webhookRetryDelaySeconds,
} from './model.ts';
import type { WebhookService } from './service.ts';
import { signatureHeader } from './signature.ts';

export interface DispatcherOptions {
  db: Kysely<Database>;
  webhooks: Pick<WebhookService, 'unseal'>;
  log: WorkerLog;
  /** The clock for claims, signatures and backoff; tests move it forward. */
  now?: () => Date;
  /** Attempts before a delivery is dead (default 8). */
  maxAttempts?: number;
  /** The first retry's wait in seconds (default 60), doubled after each failure up to `maxRetrySeconds`. */
  firstRetrySeconds?: number;
  maxRetrySeconds?: number;
  /** One attempt's time limit (default 10 s). */
  timeoutMs?: number;
  /** Deliveries claimed, and sent side by side, per pass (default 50). */
  batchSize?: number;
  /** Pause of the loop when a pass found less than a full batch (default 2000 ms). */
  pollIntervalMs?: number;
  /** Only these tenants' deliveries (tests sharing one database). */
  onlyTenants?: readonly string[];
}

export interface WebhookDispatcher {
  /** Claims one batch of due deliveries and sends them; resolves to how many were claimed. */
  runOnce(): Promise<number>;
  start(): void;
  /** Says that deliveries may have been created: a pausing loop looks at once. */
  nudge(): void;
  /** Stops the loop after the pass in hand. */
  stop(): Promise<void>;
}

type Outcome =
  | { delivered: true; status: number }
  | { delivered: false; status: number | null; error: string };

/** Creates the loop; it does nothing until `runOnce()` or `start()`. */
export function createWebhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const batchSize = options.batchSize ?? 50;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let nudged = false;

  const send = async (
    delivery: ClaimedDelivery,
    secretOf: (d: ClaimedDelivery) => string,
  ): Promise<Outcome> => {
    try {
      // Inside the try: a secret sealed under another key fails this delivery, not the whole pass.
      const secret = secretOf(delivery);
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Ingang-Webhooks/1',
          'ingang-signature': signatureHeader(secret, delivery.body, now()),
          'ingang-event-id': String(delivery.eventId),
          'ingang-event-type': delivery.eventType,
          'idempotency-key': String(delivery.eventId),
        },
        body: delivery.body,
      });
      // The answer's body is not read: only the status counts, and the connection is freed at once.
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300)
        return { delivered: true, status: response.status };
      return { delivered: false, status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { delivered: false, status: null, error: cause ?? errorText(error) };
    }
  };

  const settleFailure = async (
    delivery: ClaimedDelivery,
    outcome: Extract<Outcome, { delivered: false }>,
  ) => {
    const at = now();
    const dead = delivery.attempts >= maxAttempts;
    const wait = webhookRetryDelaySeconds(
      delivery.attempts,
      options.firstRetrySeconds ?? WEBHOOK_FIRST_RETRY_SECONDS,
      options.maxRetrySeconds ?? WEBHOOK_MAX_RETRY_SECONDS,
    );
    await markAttemptFailed(db, delivery, {
      status: outcome.status,
      error: outcome.error,
      at,
      nextAttemptAt: new Date(at.getTime() + wait * 1000),
      dead,
    });
    const details = { deliveryId: delivery.id, eventId: delivery.eventId, attempts: delivery.attempts };
    if (dead) log.warn({ ...details, error: outcome.error }, 'webhook delivery dead after its last attempt');
    else
      log.info(
        { ...details, error: outcome.error, retryInSeconds: wait },
        'webhook delivery failed; will retry',
      );
  };

  const runOnce = async () => {
    const claimedAt = now();
    // The lease outlasts every attempt of the batch, which run side by side within the timeout.
    const leaseUntil = new Date(claimedAt.getTime() + timeoutMs * 3);
    const claimed = await claimDeliveries(db, {
      now: claimedAt,
      leaseUntil,
      limit: batchSize,
      onlyTenants: options.onlyTenants,
    });
    if (stopping) {
      for (const delivery of claimed) await releaseDelivery(db, delivery);
      return claimed.length;
    }
    const secrets = new Map<string, string>();
    const secretOf = (delivery: ClaimedDelivery) => {
      const known = secrets.get(delivery.subscriptionId);
      if (known !== undefined) return known;
      const secret = options.webhooks.unseal(delivery.secretSealed);
      secrets.set(delivery.subscriptionId, secret);
      return secret;
    };
    const outcomes = await Promise.all(claimed.map(async (d) => [d, await send(d, secretOf)] as const));
    const delivered = outcomes.flatMap(([d, o]) => (o.delivered ? [{ id: d.id, status: o.status }] : []));
    await markDelivered(db, delivered, now());
    const subscriptions = new Set(outcomes.flatMap(([d, o]) => (o.delivered ? [d.subscriptionId] : [])));
    await touchLastDelivered(db, [...subscriptions], now());
    for (const [delivery, outcome] of outcomes)
      if (!outcome.delivered) await settleFailure(delivery, outcome);
    return claimed.length;
  };

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollIntervalMs ?? 2000);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        log.error({ error: errorText(error) }, 'webhook delivery pass failed');
      }
      if (!stopping && claimed < batchSize && !nudged) await pause();
      nudged = false;
    }
  };

  return {
    runOnce,
    start() {
      if (loop) return;
      stopping = false;
      loop = run();
    },
    nudge() {
      nudged = true;
      wake?.();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}
