/**
 * Rate limits (issue #14, docs/security.md, decision 0035): `@fastify/rate-limit` with its counters
 * in the database, so a limit holds across every process of the installation. A route opts in with
 * `config: { rateLimit: rateLimited(kind, …) }`; its budget (requests a minute) comes from the
 * configuration, its key from who asks: the client address, the logged-in person or the API client.
 * Over the budget a request is RATE_LIMITED (429, Retry-After): problem+json for APIs, a friendly
 * page for people. The limiter runs the same everywhere; tests only set other budgets.
 */
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../errors.ts';
import { countHit, deleteEndedCounters } from './rate-limit-store.ts';

/** What a budget is for: starting a login, posting, searching, calling the client API. */
export type LimitKind = 'login' | 'submit' | 'search' | 'api';

/** Requests a minute per key, for each kind. */
export type Budgets = Record<LimitKind, number>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The configured budgets, and the sweep of ended windows (main.ts runs it every minute). */
    rateLimits: { budgets: Budgets; sweep(): Promise<number> };
  }
}

export interface RateLimitDeps {
  db: Kysely<Database>;
  now: () => Date;
  budgets: Budgets;
  /**
   * Prefix of every key. The processes of one installation share one (''); the test harness gives
   * each test app its own, as it gives each test its own tenant, so that test files sharing one
   * database do not count each other's requests from 127.0.0.1.
   */
  scope: string;
}

const WINDOW_MS = 60_000;

/** A key for the client's address (the proxy's X-Forwarded-For only with TRUST_PROXY). */
export const byAddress = (request: FastifyRequest): string => `ip:${request.ip}`;

/** The logged-in person (one budget on every device), else the client's address. */
export const byPersonOrAddress = (request: FastifyRequest): string =>
  request.session?.personId ? `person:${request.session.personId}` : byAddress(request);

/**
 * A route's rate limit: `kind`'s budget per key of `subject`. `hook` is when it counts: at once
 * (onRequest), or after the route's own preHandlers when the key needs them (an API client).
 */
export function rateLimited(
  kind: LimitKind,
  subject: (request: FastifyRequest) => string = byAddress,
  hook: 'onRequest' | 'preHandler' = 'onRequest',
): RateLimitOptions {
  return {
    max: (request) => request.server.rateLimits.budgets[kind],
    timeWindow: WINDOW_MS,
    hook,
    keyGenerator: (request) => `${kind}|${subject(request)}`,
  };
}

/** Route options with a rate limit added to their config (keeps what the options declare). */
export function withRateLimit<T extends { config?: object }>(
  options: T,
  limit: RateLimitOptions,
): T & { config: { rateLimit: RateLimitOptions } } {
  return { ...options, config: { ...options.config, rateLimit: limit } };
}

/** The plugin's store: each hit is one upsert in `rate_limit_counter` (rate-limit-store.ts). */
function databaseStore({ db, now, scope }: RateLimitDeps) {
  return class DatabaseRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number = WINDOW_MS,
    ): void {
      const at = now();
      countHit(db, `${scope}${key}`, at, timeWindow).then(
        (hit) =>
          callback(null, { current: hit.hits, ttl: Math.max(1, hit.windowEndsAt.getTime() - at.getTime()) }),
        (error: Error) => callback(error),
      );
    }

    /** Keys carry their kind, so every route shares one store (and a kind's budget spans its routes). */
    child(): DatabaseRateLimitStore {
      return this;
    }
  };
}

/** Registers the limiter; routes registered after this may declare `config.rateLimit`. */
export async function registerRateLimits(app: FastifyInstance, deps: RateLimitDeps): Promise<void> {
  app.decorate('rateLimits', {
    budgets: deps.budgets,
    // A minute's grace: a window a clock-skewed process still counts in is not deleted under it.
    sweep: () => deleteEndedCounters(deps.db, new Date(deps.now().getTime() - WINDOW_MS)),
  });
  await app.register(rateLimit, {
    global: false,
    store: databaseStore(deps),
    // The database is the limiter: if it cannot count, the request fails rather than pass unlimited.
    skipOnError: false,
    errorResponseBuilder: (request, context) => {
      request.log.info({ limit: context.max }, 'rate limit reached');
      return new AppError(
        'RATE_LIMITED',
        `Too many requests: at most ${context.max} a minute; try again in ${context.after}`,
      );
    },
  });
}

/** Posting forms, messages and reports: per logged-in person, else per address. */
export const submitRateLimit = rateLimited('submit', byPersonOrAddress);
