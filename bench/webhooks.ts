/**
 * Webhook deliveries against the submit rate (issue #12): a server on PostgreSQL (job worker in its
 * thread, as in production) with one subscription to `case.submitted` of skolskjuts pointing at a
 * local receiver (node:http in this process, answering 204 and checking every signature), while
 * residents submit applications through HTTP as fast as `CONNECTIONS` connections allow. Figures:
 * submits/s of the load; deliveries/s from the load's start until the last delivery arrived; their
 * ratio (≥ 1: the webhooks keep up with the submissions); the share delivered while the load ran;
 * p95 of a delivery's lag behind the end of the load when it came after it. Then the delivery loop's
 * own capacity: half as many submissions again while the subscription is paused, and the backlog's
 * deliveries/s once it is resumed, ÷ the load's submits/s.
 * BENCH_QUICK=1: 20 residents and 100 (+50) submissions — a smoke figure, not the measurement.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { verifySignature } from '../src/modules/webhooks/signature.ts';
import { type BenchContext, type PartResult, withBenchDatabase } from './lib/context.ts';
import { startServer } from './lib/server.ts';
import { createResidents, tenantIdOf } from './lib/sessions.ts';
import { percentile, round } from './lib/stats.ts';
import { prepareDrafts, SERVICE, submitLoad, TENANT } from './lib/submit-flow.ts';

const CONNECTIONS = 10;
const SECRET = 'whsec_bench_signing_secret';

/** The local receiver: arrival times and how many signatures failed. */
async function startReceiver() {
  const arrivals: number[] = [];
  const events = new Set<string>();
  let badSignatures = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verifySignature(SECRET, String(request.headers['ingang-signature']), body)) badSignatures++;
      events.add(String(request.headers['ingang-event-id']));
      arrivals.push(Date.now());
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingang`,
    arrivals,
    events,
    badSignatures: () => badSignatures,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Subscribes the receiver to skolskjuts' submissions (the secret kept `plain:`: no key is configured). */
async function subscribe(pool: pg.Pool, url: string) {
  const tenantId = await tenantIdOf(pool, TENANT);
  const { rows } = await pool.query('select id from service where tenant_id = $1 and slug = $2', [
    tenantId,
    SERVICE,
  ]);
  const inserted = await pool.query(
    `insert into webhook_subscription (tenant_id, name, url, event_types, service_ids, secret_sealed, secret_hint)
     values ($1, 'Bench', $2, '["case.submitted"]', $3, $4, 'whsec_benc…') returning id`,
    [tenantId, url, JSON.stringify([rows[0]?.id]), `plain:${SECRET}`],
  );
  return String(inserted.rows[0].id);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, checking every 20 ms; throws with `what` after two minutes. */
async function until(condition: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 120_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

/**
 * The delivery loop's own capacity: submissions made while the subscription is paused wait as
 * deliveries; once all are made, the subscription is resumed and the backlog timed from its first
 * arrival to its last (deliveries/s with no submit load beside them).
 */
async function drain(
  pool: pg.Pool,
  receiver: Awaited<ReturnType<typeof startReceiver>>,
  subscriptionId: string,
  submit: () => Promise<number>,
) {
  await pool.query('update webhook_subscription set paused_at = now() where id = $1', [subscriptionId]);
  const before = receiver.arrivals.length;
  const count = await submit();
  const waiting = async () =>
    Number(
      (
        await pool.query(
          'select count(*) as n from webhook_delivery where subscription_id = $1 and delivered_at is null',
          [subscriptionId],
        )
      ).rows[0].n,
    );
  await until(async () => (await waiting()) === count, 'the paused deliveries to be made');
  await pool.query('update webhook_subscription set paused_at = null where id = $1', [subscriptionId]);
  await until(() => receiver.arrivals.length >= before + count, 'the backlog to be delivered');
  const arrivals = receiver.arrivals.slice(before);
  const seconds = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
  return { backlog: count, seconds: round(seconds, 2), perSecond: round((count - 1) / seconds, 1) };
}

async function measure(context: BenchContext, databaseUrl: string) {
  const sizes = context.quick ? { residents: 20, submissions: 100 } : { residents: 200, submissions: 2000 };
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  const receiver = await startReceiver();
  const server = await startServer({
    databaseUrl,
    env: { DEV_MAILBOX: 'false', DB_POOL_SIZE: String(CONNECTIONS) },
  });
  try {
    const subscriptionId = await subscribe(pool, receiver.url);
    const residents = await createResidents(pool, sizes.residents);
    context.log(`webhooks: preparing ${sizes.submissions} + ${sizes.submissions / 2} drafts`);
    const all = await prepareDrafts(server.url, residents, sizes.submissions * 1.5, CONNECTIONS);
    const drafts = all.slice(0, sizes.submissions);
    context.log('webhooks: submitting, the receiver counting deliveries');
    const load = await submitLoad(server.url, drafts, CONNECTIONS);
    await until(() => receiver.events.size >= load.succeeded, 'every submission to be delivered');
    const last = Math.max(...receiver.arrivals);
    const deliveriesPerSecond = receiver.events.size / ((last - load.startedAt) / 1000);
    const late = receiver.arrivals.filter((at) => at > load.endedAt).map((at) => at - load.endedAt);
    const arrivalsOfLoad = [...receiver.arrivals];
    context.log('webhooks: a backlog made while paused, then delivered with no load beside it');
    const rest = all.slice(sizes.submissions);
    const backlog = await drain(pool, receiver, subscriptionId, async () => {
      return (await submitLoad(server.url, rest, CONNECTIONS)).succeeded;
    });
    return {
      submissions: load.succeeded,
      submitsPerSecond: round(load.perSecond, 1),
      deliveriesPerSecond: round(deliveriesPerSecond, 1),
      ratio: round(deliveriesPerSecond / load.perSecond, 3),
      deliveredDuringLoad: round(
        arrivalsOfLoad.filter((at) => at <= load.endedAt).length / load.succeeded,
        3,
      ),
      lateP95Ms: late.length > 0 ? Math.round(percentile(late, 95)) : 0,
      backlog,
      capacityVsSubmits: round(backlog.perSecond / load.perSecond, 3),
      attempts: arrivalsOfLoad.length,
      badSignatures: receiver.badSignatures(),
    };
  } finally {
    await server.stop();
    await receiver.close();
    await pool.end();
  }
}

/** The part: one run, one ratio. */
export async function run(context: BenchContext): Promise<PartResult> {
  const figures = await withBenchDatabase(context, 'ingang_bench_webhooks', (url) => measure(context, url));
  const quick = context.quick ? ' (quick)' : '';
  return {
    figures: { webhooks: figures },
    rows: [
      { name: `webhooks: submits/s${quick}`, value: String(figures.submitsPerSecond) },
      {
        name: `webhooks: deliveries/s to a local receiver${quick}`,
        value: String(figures.deliveriesPerSecond),
      },
      // The issue sets no target; a bad signature fails the row.
      {
        name: `webhooks: deliveries/s ÷ submits/s${quick}`,
        value: String(figures.ratio),
        ...(figures.badSignatures > 0 ? { target: '0 bad signatures', ok: false } : {}),
      },
      { name: `webhooks: delivered while the load ran${quick}`, value: String(figures.deliveredDuringLoad) },
      {
        name: `webhooks: backlog deliveries/s (no load) ÷ submits/s${quick}`,
        value: String(figures.capacityVsSubmits),
      },
    ],
  };
}
