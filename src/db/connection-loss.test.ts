/**
 * A PostgreSQL session that ends while its pooled connection is idle (server restart, an
 * administrator's pg_terminate_backend, idle_session_timeout) must not take the process down: the
 * pool reports it and the next query gets a fresh connection. PostgreSQL only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from './database.ts';

const databaseUrl = process.env.DATABASE_URL;

test('an idle connection ended by the server is reported and replaced', { skip: !databaseUrl }, async () => {
  let reported: (error: Error) => void = () => undefined;
  const lost = new Promise<Error>((resolve) => {
    reported = resolve;
  });
  const handle = await openDatabase({
    databaseUrl,
    dataDir: ':memory:',
    poolSize: 1,
    onConnectionError: (error) => reported(error),
  });
  try {
    const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
    const pid = before.rows[0]?.pid;
    assert.ok(pid);
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      const ended = await admin.query('select pg_terminate_backend($1) as ended', [pid]);
      assert.equal(ended.rows[0]?.ended, true);
    } finally {
      await admin.end();
    }
    const error = await lost;
    assert.match(error.message, /terminating connection/);
    const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
    assert.notEqual(after.rows[0]?.pid, pid, 'a new connection answers');
  } finally {
    await handle.close();
  }
});
