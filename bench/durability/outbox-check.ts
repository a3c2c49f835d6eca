/**
 * Check (c): the outbox runs each job exactly once in effect across processes. Three servers, each
 * with its notification worker, share one PostgreSQL and send to our own SMTP sink; M notification
 * jobs are queued at once and one server is SIGKILLed (and restarted) mid-way, more than once. The
 * sink counts raw deliveries per Message-ID (no deduplication): a job never delivered is a loss; a job
 * delivered twice is allowed only inside the documented window — the copy came from a process that
 * was then killed before it could mark the job processed (docs/notifications.md).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { type ReceivedMail, startSmtpReceiver } from '../../src/platform/mail/smtp-receiver.ts';
import { freePort, type RunningServer, startServer, tempDataDir } from '../lib/server.ts';
import { createPersons, tenantIdOf } from '../lib/sessions.ts';
import { explainDuplicates, type KillEvent } from './outbox-analysis.ts';
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

/** Queues `count` notification.resident jobs for persons with an e-mail; job id → expected address. */
async function queueJobs(db: Sql, count: number): Promise<Map<number, string>> {
  const persons = await createPersons(db, 50, 900_000);
  const tenantId = await tenantIdOf(db, 'exempelstad');
  const personIds = Array.from({ length: count }, (_, i) => persons[i % persons.length]?.id);
  const { rows } = await db.query(
    `insert into outbox (tenant_id, topic, payload)
     select $1, 'notification.resident',
            jsonb_build_object('personId', p, 'caseReference', 'EXS-2026-' || lpad(n::text, 6, '0'), 'kind', 'statusChanged')
       from unnest($2::uuid[]) with ordinality as t(p, n)
     returning id::int as id, (select email from person where id = (payload->>'personId')::uuid) as email`,
    [tenantId, personIds],
  );
  return new Map(rows.map((row: { id: number; email: string }) => [Number(row.id), row.email]));
}

/** Open (unprocessed) and leased counts of the jobs. */
async function progress(db: Sql, ids: number[]) {
  const { rows } = await db.query(
    `select count(*) filter (where processed_at is null)::int as open,
            count(*) filter (where processed_at is null and locked_until > now())::int as leased
       from outbox where id = any($1::bigint[])`,
    [ids],
  );
  return { open: Number(rows[0]?.open ?? 0), leased: Number(rows[0]?.leased ?? 0) };
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
    if (!realLease && open === leased && Date.now() - last.since > 5000) {
      const { rows } = await db.query(
        `update outbox set locked_until = now() - interval '1 second'
          where id = any($1::bigint[]) and processed_at is null and locked_until > now() returning id`,
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
  const { rows } = await run.db.query(
    'select count(*)::int as n, sum(attempts)::int as attempts from outbox where id = any($1::bigint[]) and processed_at is not null',
    [[...run.jobs.keys()]],
  );
  const processed = Number(rows[0]?.n ?? 0);
  if (processed !== run.jobs.size) failures.push(`${run.jobs.size - processed} jobs not marked processed`);
  const others = run.deliveries.length - raw;
  return {
    name,
    ok: failures.length === 0,
    lines: [
      `${run.jobs.size} notification jobs, 3 servers with workers, ${run.kills.length} SIGKILL(s) mid-way (${run.kills
        .map((kill) => kill.sender)
        .join(', ')}); drained in ${seconds(run.drainedMs)}`,
      `measured: raw SMTP deliveries counted per Message-ID at the sink, not deduplicated: ${raw} deliveries for ${run.jobs.size} jobs`,
      `jobs delivered exactly once: ${run.jobs.size - duplicated.length - failures.filter((f) => f.startsWith('LOST')).length}; twice or more: ${duplicated.length}; never: ${failures.filter((f) => f.startsWith('LOST')).length}`,
      ...explained.lines,
      `exactly once in effect (a receiver deduplicating on Message-ID): ${failures.length === 0 ? 'yes' : 'NO'}`,
      run.realLease
        ? 'leases of killed processes waited out in real time'
        : `${run.expired} leases held by killed processes expired in SQL instead of waiting the 300 s lease`,
      `outbox attempts over all jobs: ${rows[0]?.attempts ?? '?'}; other mail at the sink: ${others}`,
    ],
    failures,
    figures: {
      jobs: run.jobs.size,
      rawDeliveries: raw,
      duplicates: duplicated.length,
      duplicatesInWindow: explained.inWindow,
      kills: run.kills.length,
      leasesExpired: run.expired,
      drainSeconds: run.drainedMs / 1000,
    },
  };
}
