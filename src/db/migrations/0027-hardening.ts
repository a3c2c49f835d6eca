/**
 * Issue #14, hardening (docs/security.md, decision 0035).
 *
 * - `rate_limit_counter`: one row per limited key (`login|ip:…`, `api|client:…`), its hits in the
 *   current window and when that window ends. Every process of the installation counts in the same
 *   row, so a limit holds however many processes serve requests. UNLOGGED: a counter is not worth a
 *   WAL write per request, and losing the counts in a crash only restarts the windows.
 * - `session.last_active_at`: when the session last showed activity, for the idle timeout; renewed
 *   at most once a minute, so a request does not cost a write.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create unlogged table rate_limit_counter (
      key text primary key check (length(key) <= 300),
      hits integer not null,
      window_ends_at timestamptz not null
    );
    create index rate_limit_counter_window on rate_limit_counter (window_ends_at);

    alter table session add column last_active_at timestamptz not null default now();
  `,
  );
}
