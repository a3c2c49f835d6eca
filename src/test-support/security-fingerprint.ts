/**
 * "Nothing was stored": a fingerprint of one tenant's rows (issue #14), taken before and after the
 * requests the authorization matrix expects to be refused.
 */
import { sql } from 'kysely';
import type { TestApp } from './app.ts';

/** How the rows of tables without a tenant column are found from the tenant's (`$T` is its id). */
const REACHED_THROUGH: Record<string, string> = {
  api_idempotency_key: 'api_client_id in (select id from api_client where tenant_id = $T)',
  api_token: 'client_id in (select id from api_client where tenant_id = $T)',
  sensor_reading: 'device_id in (select id from sensor_device where tenant_id = $T)',
  tenant: 'id = $T',
  person: 'id in ($P)',
};
/**
 * Columns that record use, not content: authenticating a client notes when it was last used, showing
 * a conversation marks its messages read.
 */
const BOOKKEEPING: Record<string, string> = { api_client: 'last_used_at', case_message: 'read_at' };
/**
 * Rows that record a read, not a change: reading personal data is logged, also on a refused form's
 * page; a resident's download of their own data (`person.dataExported`) too. A profile is every
 * municipality's, so its deletion is logged in every tenant (decision 0032): another person's
 * (another test file's, on a shared PostgreSQL) is not this tenant's change.
 */
const READS: Record<string, string> = {
  audit_log: String.raw`action !~ '(\.read|Read|\.viewed|\.exported|Exported|LookedUp)$' and (action <> 'person.deleted' or subject_person_id in ($P))`,
};
/**
 * Not the tenant's data: a visit may start a session; mail and migrations are installation-wide;
 * rate-limit counters are keyed by address or client (a refused request is counted too, rightly);
 * disposal_file queues storage keys for removal after a disposal, with no tenant (the job's only).
 */
const LEFT_OUT = new Set([
  'session',
  'dev_mail',
  'kysely_migration',
  'kysely_migration_lock',
  'rate_limit_counter',
  'disposal_file',
]);

let tableConditions: Promise<[string, string][]> | undefined;

/** Each table with the condition that selects the tenant's rows. */
function tenantTables(t: TestApp): Promise<[string, string][]> {
  tableConditions ??= sql<{ table: string; column: string }>`
    select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = current_schema()`
    .execute(t.database.db)
    .then(({ rows }) => {
      const tables = new Map<string, Set<string>>();
      for (const { table, column } of rows) tables.set(table, (tables.get(table) ?? new Set()).add(column));
      return [...tables].flatMap(([table, columns]): [string, string][] => {
        if (LEFT_OUT.has(table)) return [];
        if (columns.has('tenant_id')) return [[table, 'tenant_id = $T']];
        const through = REACHED_THROUGH[table];
        if (!through)
          throw new Error(`tenantFingerprint: say how ${table} reaches a tenant, or leave it out`);
        return [[table, through]];
      });
    });
  return tableConditions;
}

/**
 * A fingerprint of everything the tenant's rows (and its people's) hold: per table the row count
 * and the newest row version (`xmin`), so any insert, update or delete shows (for a table with a
 * bookkeeping column, a hash of its rows without it). Ids are UUIDs from our own database, inlined.
 */
export async function tenantFingerprint(t: TestApp, tenantId: string, personIds: string[]): Promise<string> {
  const uuid = /^[0-9a-f-]{36}$/;
  if (![tenantId, ...personIds].every((id) => uuid.test(id))) throw new Error('not a uuid');
  const persons = personIds.map((id) => `'${id}'`).join(', ') || 'null';
  const parts = (await tenantTables(t)).map(([table, where]) => {
    const reads = READS[table] ? ` and ${READS[table]}` : '';
    const condition = (where + reads).replaceAll('$T', `'${tenantId}'`).replaceAll('$P', persons);
    const ignored = BOOKKEEPING[table];
    const state = ignored
      ? `md5(coalesce(string_agg((to_jsonb(row) - '${ignored}')::text, ',' order by (to_jsonb(row) - '${ignored}')::text), ''))`
      : 'coalesce(max(xmin::text::bigint), 0)::text';
    return `select '${table}' as name, count(*)::text || '/' || ${state} as state from "${table}" as row where ${condition}`;
  });
  const { rows } = await sql<{ name: string; state: string }>`${sql.raw(parts.join(' union all '))}`.execute(
    t.database.db,
  );
  return rows.map((row) => `${row.name}=${row.state}`).join(' ');
}

/**
 * Watches that refused requests store nothing, cheaply: a transaction that writes takes a new
 * transaction id, so when the database's next id (`pg_current_snapshot()` xmax) has not moved,
 * nothing at all was written. Only when it has moved (another writer on a shared PostgreSQL, or a
 * session started) is the tenant's fingerprint taken and compared.
 */
export function storeWatch(t: TestApp, tenantId: string, personIds: string[]) {
  let known: { xmax: string; fingerprint: string } | undefined;
  const xmax = async () =>
    (
      await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(
        t.database.db,
      )
    ).rows[0]?.x ?? '';
  const fingerprint = () => tenantFingerprint(t, tenantId, personIds);
  return {
    /** Call before each request. */
    async before(): Promise<void> {
      const now = await xmax();
      if (known?.xmax !== now) known = { xmax: now, fingerprint: await fingerprint() };
    },
    /** Call after a refused request: the tables that changed, or undefined when none did. */
    async changedByRefusal(): Promise<string | undefined> {
      const now = await xmax();
      if (!known || known.xmax === now) return undefined;
      const after = await fingerprint();
      const before = known.fingerprint;
      known = { xmax: now, fingerprint: after };
      if (after === before) return undefined;
      const old = new Set(before.split(' '));
      return after
        .split(' ')
        .filter((entry) => !old.has(entry))
        .join(', ');
    },
  };
}
