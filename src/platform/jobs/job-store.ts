/**
 * The job tables' SQL: fan events out to their handlers' jobs, claim a batch under a lease, settle
 * each job (done, retry, dead, released), and the admin's view of failed jobs.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A handler as the fan-out sees it: its name, topics and whether it wants a case's events in order. */
export interface Subscription {
  name: string;
  topics: readonly string[];
  ordered?: 'perCase';
}

/** A job a worker has claimed; `attempts` (counting this one) also fences the claim. */
export interface ClaimedJob {
  id: number;
  eventId: number;
  tenantId: string;
  topic: string;
  handler: string;
  caseId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
  lockedUntil: Date;
}

/**
 * Creates the jobs of up to `limit` events not yet fanned out: one per subscribed handler (unknown
 * topics get none), available at once, and marks the events fanned out, all in one
 * statement. SKIP LOCKED lets several workers fan out side by side; the unique (event, handler) pair
 * makes a repeat harmless. Resolves to the number of events fanned out.
 */
export async function fanOut(
  db: Kysely<Database>,
  subscriptions: readonly Subscription[],
  options: { now: Date; limit: number; onlyTenants?: readonly string[] },
): Promise<number> {
  const tenants = options.onlyTenants ? [...options.onlyTenants] : null;
  const pairs = subscriptions.flatMap((s) => s.topics.map((topic) => ({ s, topic })));
  const handlers = pairs.map((pair) => pair.s.name);
  const topics = pairs.map((pair) => pair.topic);
  const ordered = pairs.map((pair) => pair.s.ordered === 'perCase');
  const result = await sql<{ id: string }>`
    with events as (
      select id, tenant_id, topic, case_id, created_at from outbox
      where fanned_out_at is null and (${tenants}::uuid[] is null or tenant_id = any(${tenants}::uuid[]))
      order by id limit ${options.limit} for update skip locked
    ), jobs as (
      insert into job (event_id, tenant_id, topic, handler, ordering_key, available_at)
      select e.id, e.tenant_id, e.topic, s.handler, case when s.ordered then e.case_id end,
        ${options.now}::timestamptz
      from events e
      join unnest(${handlers}::text[], ${topics}::text[], ${ordered}::boolean[]) as s(handler, topic, ordered)
        on s.topic = e.topic
      -- Job ids follow the events' order whatever join the planner picks: jobs are claimed by id.
      order by e.id
      on conflict (event_id, handler) do nothing
    )
    update outbox set fanned_out_at = ${options.now}::timestamptz
    where id in (select id from events)
    returning id`.execute(db);
  return result.rows.length;
}

/**
 * Gives handlers subscribed since an event was fanned out their job of it, for every event that is
 * still in progress (some handler's job neither done nor dead): run once when a worker starts, so a
 * handler added in a release also sees the events still being worked on. Resolves to jobs added.
 */
export async function catchUpFanOut(
  db: Kysely<Database>,
  subscriptions: readonly Subscription[],
  options: { now: Date; onlyTenants?: readonly string[] },
): Promise<number> {
  const pairs = subscriptions.flatMap((s) => s.topics.map((topic) => ({ s, topic })));
  const tenants = options.onlyTenants ? [...options.onlyTenants] : null;
  const result = await sql<{ id: string }>`
    insert into job (event_id, tenant_id, topic, handler, ordering_key, available_at)
    select e.id, e.tenant_id, e.topic, s.handler, case when s.ordered then e.case_id end, ${options.now}::timestamptz
    from (select distinct event_id from job where processed_at is null and dead_at is null) pending
    join outbox e on e.id = pending.event_id
    join unnest(${pairs.map((p) => p.s.name)}::text[], ${pairs.map((p) => p.topic)}::text[],
      ${pairs.map((p) => p.s.ordered === 'perCase')}::boolean[]) as s(handler, topic, ordered)
      on s.topic = e.topic
    where (${tenants}::uuid[] is null or e.tenant_id = any(${tenants}::uuid[]))
    on conflict (event_id, handler) do nothing
    returning id`.execute(db);
  return result.rows.length;
}

/**
 * Claims up to `limit` due jobs of the given handlers in one statement: the oldest unprocessed,
 * available, unleased, not dead rows are locked with SKIP LOCKED (concurrent workers never take the
 * same row and never wait for each other), leased until `leaseUntil`, and their attempt counted.
 * A job with an ordering key is claimable only while no earlier event of the same key has an
 * unprocessed job of the same handler (leased, failing or dead), so a case's events run in order.
 * Times are parameters, not SQL now(), so the injected clock rules.
 */
export async function claimJobs(
  db: Kysely<Database>,
  options: {
    handlers: readonly string[];
    now: Date;
    leaseUntil: Date;
    limit: number;
    onlyTenants?: readonly string[];
  },
): Promise<ClaimedJob[]> {
  const { now, leaseUntil, limit } = options;
  const tenants = options.onlyTenants ? [...options.onlyTenants] : null;
  if (options.handlers.length === 0) return [];
  const result = await sql<{
    id: string;
    eventId: string;
    tenantId: string;
    topic: string;
    handler: string;
    caseId: string | null;
    payload: Record<string, unknown>;
    attempts: number;
    createdAt: Date | string;
  }>`
    update job set locked_until = ${leaseUntil}::timestamptz, attempts = job.attempts + 1
    from outbox o
    where o.id = job.event_id and job.id in (
      select j.id from job j
      where j.processed_at is null and j.dead_at is null and j.available_at <= ${now}::timestamptz
        and (j.locked_until is null or j.locked_until < ${now}::timestamptz)
        and j.handler = any(${[...options.handlers]}::text[])
        and (${tenants}::uuid[] is null or j.tenant_id = any(${tenants}::uuid[]))
        and (j.ordering_key is null or not exists (
          select 1 from job earlier
          where earlier.handler = j.handler and earlier.ordering_key = j.ordering_key
            and earlier.event_id < j.event_id and earlier.processed_at is null))
      order by j.id limit ${limit}
      for update of j skip locked)
    returning job.id, job.event_id as "eventId", job.tenant_id as "tenantId", job.topic, job.handler,
      o.case_id as "caseId", o.payload, job.attempts, o.created_at as "createdAt"`.execute(db);
  return result.rows
    .map((row) => ({
      ...row,
      id: Number(row.id),
      eventId: Number(row.eventId),
      createdAt: new Date(row.createdAt),
      lockedUntil: leaseUntil,
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Marks a job done. Not fenced by the claim: if the lease was lost and the job re-claimed, the work
 * is done all the same, and marking it keeps any later claim from repeating it once more.
 */
export async function markProcessed(db: Kysely<Database>, id: number, at: Date): Promise<void> {
  await db
    .updateTable('job')
    .set({ processedAt: at, lockedUntil: null })
    .where('id', '=', id)
    .where('processedAt', 'is', null)
    .execute();
}

/** Marks the jobs of a processed batch done, in one statement (as `markProcessed`). */
export async function markProcessedMany(
  db: Kysely<Database>,
  ids: readonly number[],
  at: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('job')
    .set({ processedAt: at, lockedUntil: null })
    .where('id', 'in', [...ids])
    .where('processedAt', 'is', null)
    .execute();
}

/**
 * Records a failure and when to try again (`availableAt`), or that the job is dead, releasing the
 * lease. Fenced by the claim's attempt count, so a worker whose lease expired never releases a newer
 * claim's lease.
 */
export async function markFailed(
  db: Kysely<Database>,
  job: { id: number; attempts: number },
  failure: { error: string; at: Date; availableAt: Date; dead: boolean },
): Promise<void> {
  await db
    .updateTable('job')
    .set({
      lastError: failure.error,
      failedAt: failure.at,
      availableAt: failure.availableAt,
      deadAt: failure.dead ? failure.at : null,
      lockedUntil: null,
    })
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('processedAt', 'is', null)
    .execute();
}

/** Gives an unstarted claim back at once (worker stopping, lease nearly spent); the attempt is not counted. */
export async function releaseJob(db: Kysely<Database>, job: { id: number; attempts: number }): Promise<void> {
  await db
    .updateTable('job')
    .set({ lockedUntil: null, attempts: sql<number>`attempts - 1` })
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('processedAt', 'is', null)
    .execute();
}

/** A failed (retrying) or dead job of a tenant, as the admin page lists it: no payload. */
export interface FailedJob {
  id: number;
  topic: string;
  handler: string;
  attempts: number;
  lastError: string;
  failedAt: Date;
  dead: boolean;
}

/** The tenant's unprocessed jobs that have failed at least once, latest failure first. */
export async function selectFailedJobs(
  db: Kysely<Database>,
  tenantId: string,
  limit = 200,
): Promise<FailedJob[]> {
  const rows = await db
    .selectFrom('job')
    .select(['id', 'topic', 'handler', 'attempts', 'lastError', 'failedAt', 'deadAt'])
    .where('tenantId', '=', tenantId)
    .where('processedAt', 'is', null)
    .where('lastError', 'is not', null)
    .orderBy('failedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    topic: row.topic,
    handler: row.handler,
    attempts: row.attempts,
    lastError: row.lastError ?? '',
    failedAt: new Date(row.failedAt ?? 0),
    dead: row.deadAt !== null,
  }));
}

/**
 * Makes a failed job of the tenant available at once with a fresh attempt count (not while a worker
 * holds it). Resolves to the job and the case its event concerns, or undefined when the tenant has
 * no such failed job.
 */
export async function reviveJob(db: Kysely<Database>, tenantId: string, id: number, now: Date) {
  const revived = await db
    .updateTable('job')
    .set({ availableAt: now, attempts: 0, deadAt: null, lockedUntil: null, lastError: null, failedAt: null })
    .where('id', '=', id)
    .where('tenantId', '=', tenantId)
    .where('processedAt', 'is', null)
    .where('lastError', 'is not', null)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
    .returning(['id', 'topic', 'handler', 'eventId'])
    .executeTakeFirst();
  if (!revived) return undefined;
  const event = await db
    .selectFrom('outbox')
    .select('caseId')
    .where('id', '=', revived.eventId)
    .executeTakeFirstOrThrow();
  return { id: Number(revived.id), topic: revived.topic, handler: revived.handler, caseId: event.caseId };
}
