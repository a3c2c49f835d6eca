/**
 * Check (c): every handler of every event acts exactly once in effect across processes. Three
 * servers, each with its job worker, share one PostgreSQL; M `notification.resident` events (a few
 * per case) are queued at once, each fanned out to two handlers: mail (to our own SMTP sink, in case
 * order) and statistics (a count in the database, recorded with its idempotency key). One server is
 * SIGKILLed (and restarted) mid-way, more than once. The sink counts raw deliveries per Message-ID
 * (no deduplication): an event never mailed is a loss; a mail delivered twice is allowed only inside
 * the documented window — the copy came from a process that was then killed before it could record
 * the idempotency key (docs/jobs.md). The statistics effect must be exactly once, no window.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { type ReceivedMail, startSmtpReceiver } from '../../src/platform/mail/smtp-receiver.ts';
import { freePort, type RunningServer, startServer, tempDataDir } from '../lib/server.ts';
import { createPersons, tenantIdOf } from '../lib/sessions.ts';
import { explainDuplicates, type KillEvent } from './outbox-analysis.ts';
import { checkCaseOrder, checkStatistics, HANDLERS } from './outbox-effects.ts';
import { type CheckResult, openSql, type Sql, seconds } from './result.ts';

export interface OutboxCheckOptions {
  databaseUrl: string;
  jobs: number;
  servers: number;
  kills: number;
}

export interface Delivery extends ReceivedMail {
  at: number;
}

interface Slot {
  index: number;
  generation: number;
  port: number;
  /** DATA_DIR of every incarnation (the servers store no files here). */
  dataDir: string;
  server: RunningServer | undefined;
}

const PUBLIC_HOST = 'localhost';
const senderOf = (slot: Slot) => `worker${slot.index + 1}-${slot.generation}@bench.invalid`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startSlot(slot: Slot, databaseUrl: string, smtpUrl: string): Promise<void> {
  slot.server = await startServer({
    databaseUrl,
    port: slot.port,
    dataDir: slot.dataDir,
    env: { SMTP_URL: smtpUrl, MAIL_FROM: `Ingång <${senderOf(slot)}>`, PUBLIC_URL: `http://${PUBLIC_HOST}` },
  });
}

/** The server slots, each with its own port and DATA_DIR; nothing started yet. */
async function createSlots(count: number): Promise<Slot[]> {
  const slots: Slot[] = [];
  for (let index = 0; index < count; index++) {
    const port = await freePort();
    slots.push({ index, generation: 1, port, dataDir: tempDataDir('durability-outbox'), server: undefined });
  }
  return slots;
}

/** Events per case: the mail handler takes a case's events in order, so the check sees that too. */
const EVENTS_PER_CASE = 5;

/**
 * Queues `count` notification.resident events (as `enqueue` writes them) for persons with an
 * e-mail, EVENTS_PER_CASE per case; event id → expected address.
 */
async function queueJobs(db: Sql, count: number): Promise<Map<number, string>> {
  const persons = await createPersons(db, 50, 900_000);
  const tenantId = await tenantIdOf(db, 'exempelstad');
  const cases = Array.from({ length: Math.ceil(count / EVENTS_PER_CASE) }, () => crypto.randomUUID());
  const personIds = Array.from(
    { length: count },
    (_, i) => persons[Math.floor(i / EVENTS_PER_CASE) % persons.length]?.id,
  );
  const caseIds = Array.from({ length: count }, (_, i) => cases[Math.floor(i / EVENTS_PER_CASE)]);
  const { rows } = await db.query(
    `insert into outbox (tenant_id, topic, case_id, payload)
     select $1, 'notification.resident', c,
            jsonb_build_object('caseId', c, 'personId', p, 'caseReference', 'EXS-2026-' || lpad(n::text, 6, '0'), 'kind', 'statusChanged')
       from unnest($2::uuid[], $3::uuid[]) with ordinality as t(p, c, n)
     returning id::int as id, (select email from person where id = (payload->>'personId')::uuid) as email`,
    [tenantId, personIds, caseIds],
  );
  return new Map(rows.map((row: { id: number; email: string }) => [Number(row.id), row.email]));
}

/** Open (not yet done, fanned out or not) and leased counts of the events' jobs. */
async function progress(db: Sql, ids: number[]) {
  const { rows } = await db.query(
    `select count(*) filter (where processed_at is not null)::int as done,
            count(*) filter (where processed_at is null and locked_until > now())::int as leased
       from job where event_id = any($1::bigint[])`,
    [ids],
  );
  const open = ids.length * HANDLERS.length - Number(rows[0]?.done ?? 0);
  return { open, leased: Number(rows[0]?.leased ?? 0) };
}

/**
 * Waits until every job is processed. Jobs a killed process had claimed stay leased for the lease
 * (300 s, not configurable from outside); once nothing else moves for 5 s, the open jobs are all such
 * orphans and their lease is expired in SQL — the same as waiting it out (DURABILITY_REAL_LEASE=1 does).
 */
async function awaitDrained(db: Sql, ids: number[], deliveries: Delivery[], realLease: boolean) {
  const deadline = Date.now() + (realLease ? 420_000 : 180_000);
  let expired = 0;
  let last = { open: -1, deliveries: -1, since: Date.now() };
  for (;;) {
    const { open, leased } = await progress(db, ids);
    if (open === 0) return { expired };
    if (Date.now() > deadline) throw new Error(`outbox not drained: ${open} jobs open (${leased} leased)`);
    if (open !== last.open || deliveries.length !== last.deliveries)
      last = { open, deliveries: deliveries.length, since: Date.now() };
    // Jobs behind a leased one of the same case wait (per-case order), so "stuck" is: leases held and
    // nothing moved for 5 s.
    if (!realLease && leased > 0 && Date.now() - last.since > 5000) {
      const { rows } = await db.query(
        `update job set locked_until = now() - interval '1 second'
          where event_id = any($1::bigint[]) and processed_at is null and locked_until > now() returning id`,
        [ids],
      );
      expired += rows.length;
      last.since = Date.now();
    }
    await pause(250);
  }
}

/** Runs check (c). */
export async function runOutboxCheck(
  context: { log(message: string): void },
  name: string,
  options: OutboxCheckOptions,
): Promise<CheckResult> {
  const deliveries: Delivery[] = [];
  let onDelivery: () => void = () => undefined;
  const sink = await startSmtpReceiver({
    onMail: async (mail) => {
      deliveries.push({ ...mail, at: Date.now() });
      onDelivery();
    },
  });
  const slots = await createSlots(options.servers);
  const db = await openSql({ databaseUrl: options.databaseUrl, dataDir: '' });
  const kills: KillEvent[] = [];
  const restarts: Promise<void>[] = [];
  try {
    // One after the other: the first migrates and seeds the empty database.
    for (const slot of slots) await startSlot(slot, options.databaseUrl, sink.url);
    context.log(`${name}: ${slots.length} servers up, SMTP sink on ${sink.url}`);
    const jobs = await queueJobs(db, options.jobs);
    const ids = [...jobs.keys()];
    const messageIds = new Set(ids.map((id) => `<outbox-${id}@${PUBLIC_HOST}>`));
    const started = Date.now();
    // Kill k of n happens once k/(n+1) of the jobs have been delivered.
    const thresholds = Array.from({ length: options.kills }, (_, k) =>
      Math.floor(((k + 1) * options.jobs) / (options.kills + 1)),
    );
    let mine = 0;
    onDelivery = () => {
      if (!messageIds.has(deliveries.at(-1)?.messageId ?? '')) return;
      mine++;
      if (thresholds.length === 0 || mine < (thresholds[0] ?? Infinity)) return;
      thresholds.shift();
      restarts.push(killOneAtRandom(slots, kills, options.databaseUrl, sink.url, context, name));
    };
    const realLease = process.env.DURABILITY_REAL_LEASE === '1';
    const { expired } = await awaitDrained(db, ids, deliveries, realLease);
    const drainedMs = Date.now() - started;
    await Promise.all(restarts);
    await pause(1000);
    return await analyse(name, { db, jobs, deliveries, kills, expired, drainedMs, realLease });
  } finally {
    await Promise.allSettled(restarts);
    await Promise.all(slots.map((slot) => slot.server?.stop()));
    for (const slot of slots) fs.rmSync(slot.dataDir, { recursive: true, force: true });
    await db.close();
    await sink.close();
  }
}

/** SIGKILLs a random running server a random few milliseconds from now, then starts it again. */
async function killOneAtRandom(
  slots: Slot[],
  kills: KillEvent[],
  databaseUrl: string,
  smtpUrl: string,
  context: { log(message: string): void },
  name: string,
): Promise<void> {
  await pause(crypto.randomInt(15));
  const running = slots.filter((slot) => slot.server);
  const slot = running[crypto.randomInt(running.length)];
  if (!slot?.server) return;
  const server = slot.server;
  slot.server = undefined;
  kills.push({ sender: senderOf(slot), at: Date.now() });
  await server.kill('SIGKILL');
  context.log(`${name}: SIGKILLed ${senderOf(slot)}; restarting it`);
  slot.generation++;
  await startSlot(slot, databaseUrl, smtpUrl);
}

/** The case of each event. */
async function casesOf(db: Sql, ids: number[]): Promise<Map<number, string>> {
  const { rows } = await db.query(
    'select id::int as id, case_id::text as case from outbox where id = any($1::bigint[])',
    [ids],
  );
  return new Map(rows.map((row: { id: number; case: string }) => [Number(row.id), row.case]));
}

async function analyse(
  name: string,
  run: {
    db: Sql;
    jobs: Map<number, string>;
    deliveries: Delivery[];
    kills: KillEvent[];
    expired: number;
    drainedMs: number;
    realLease: boolean;
  },
): Promise<CheckResult> {
  const byMessageId = new Map<string, Delivery[]>();
  for (const mail of run.deliveries)
    byMessageId.set(mail.messageId, [...(byMessageId.get(mail.messageId) ?? []), mail]);
  const failures: string[] = [];
  let raw = 0;
  const duplicated: { jobId: number; copies: Delivery[] }[] = [];
  for (const [jobId, email] of run.jobs) {
    const copies = byMessageId.get(`<outbox-${jobId}@${PUBLIC_HOST}>`) ?? [];
    raw += copies.length;
    if (copies.length === 0) failures.push(`LOST: job ${jobId} was never delivered`);
    if (copies.some((mail) => mail.envelopeTo.join(',') !== email))
      failures.push(`job ${jobId} was delivered to someone else`);
    if (copies.length > 1) duplicated.push({ jobId, copies });
  }
  const explained = explainDuplicates(duplicated, run.kills);
  failures.push(...explained.unexplained);
  const ids = [...run.jobs.keys()];
  const { rows } = await run.db.query(
    `select count(*)::int as n, sum(attempts)::int as attempts from job
      where event_id = any($1::bigint[]) and processed_at is not null`,
    [ids],
  );
  const processed = Number(rows[0]?.n ?? 0);
  const expected = run.jobs.size * HANDLERS.length;
  if (processed !== expected) failures.push(`${expected - processed} jobs not marked processed`);
  const statistics = await checkStatistics(run.db, ids);
  const order = checkCaseOrder(
    run.deliveries,
    await casesOf(run.db, ids),
    (id) => `<outbox-${id}@${PUBLIC_HOST}>`,
  );
  failures.push(...statistics.failures, ...order.failures);
  const others = run.deliveries.length - raw;
  return {
    name,
    ok: failures.length === 0,
    lines: [
      `${run.jobs.size} events × ${HANDLERS.length} handlers (${HANDLERS.join(', ')}), 3 servers with workers, ${run.kills.length} SIGKILL(s) mid-way (${run.kills
        .map((kill) => kill.sender)
        .join(', ')}); drained in ${seconds(run.drainedMs)}`,
      `measured: raw SMTP deliveries counted per Message-ID at the sink, not deduplicated: ${raw} deliveries for ${run.jobs.size} events`,
      `events mailed exactly once: ${run.jobs.size - duplicated.length - failures.filter((f) => f.startsWith('LOST')).length}; twice or more: ${duplicated.length}; never: ${failures.filter((f) => f.startsWith('LOST')).length}`,
      ...explained.lines,
      `mail exactly once in effect (a receiver deduplicating on Message-ID): ${explained.unexplained.length === 0 && !failures.some((f) => f.startsWith('LOST')) ? 'yes' : 'NO'}`,
      ...statistics.lines,
      ...order.lines,
      run.realLease
        ? 'leases of killed processes waited out in real time'
        : `${run.expired} leases held by killed processes expired in SQL instead of waiting the 300 s lease`,
      `attempts over all ${expected} jobs: ${rows[0]?.attempts ?? '?'}; other mail at the sink: ${others}`,
    ],
    failures,
    figures: {
      events: run.jobs.size,
      handlers: HANDLERS.length,
      statisticsCounted: statistics.counted,
      rawDeliveries: raw,
      duplicates: duplicated.length,
      duplicatesInWindow: explained.inWindow,
      kills: run.kills.length,
      leasesExpired: run.expired,
      drainSeconds: run.drainedMs / 1000,
    },
  };
}
