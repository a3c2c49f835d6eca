/**
 * Case figures per service and month for open data (issue #12, modules/open-data): received by
 * submission month; decided by the month the case entered its current decided or closed status
 * (its status change time; the closing time for a closed case), with the median handling time in
 * days and how many were decided within the service's whole-case target time. Months are Swedish
 * calendar months. Only aggregates leave this query; open-data suppresses the small ones.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface MonthlyCaseFigures {
  serviceId: string;
  month: string;
  received: number;
  decided: number;
  medianDays: number | null;
  /** Null when the service has no target time. */
  withinTarget: number | null;
}

/** The tenant's figures from `since` on; `targetDays` by service id (services without one left out). */
export async function selectMonthlyCaseFigures(
  db: Kysely<Database>,
  tenantId: string,
  since: Date,
  targetDays: Record<string, number>,
): Promise<MonthlyCaseFigures[]> {
  const targets = JSON.stringify(targetDays);
  const result = await sql<{
    serviceId: string;
    month: string;
    received: number;
    decided: number;
    medianDays: number | null;
    withinTarget: number | null;
  }>`
    with received as (
      select service_id, to_char(submitted_at at time zone 'Europe/Stockholm', 'YYYY-MM') as month,
        count(*)::int as received
      from "case" where tenant_id = ${tenantId} and submitted_at >= ${since}
      group by 1, 2
    ), finished as (
      select service_id, coalesce(closed_at, status_changed_at, updated_at) as decided_at,
        extract(epoch from coalesce(closed_at, status_changed_at, updated_at) - submitted_at) / 86400 as days
      from "case"
      where tenant_id = ${tenantId} and status_category in ('decided', 'closed')
    ), decided as (
      select service_id, to_char(decided_at at time zone 'Europe/Stockholm', 'YYYY-MM') as month,
        count(*)::int as decided,
        percentile_cont(0.5) within group (order by days) as median_days,
        (count(*) filter (where days <= (${targets}::jsonb ->> service_id::text)::numeric))::int
          as within_target,
        bool_or(${targets}::jsonb ? service_id::text) as has_target
      from finished where decided_at >= ${since}
      group by 1, 2
    )
    select coalesce(r.service_id, d.service_id) as service_id, coalesce(r.month, d.month) as month,
      coalesce(r.received, 0) as received, coalesce(d.decided, 0) as decided,
      d.median_days, case when d.has_target then d.within_target end as within_target
    from received r full join decided d on d.service_id = r.service_id and d.month = r.month
    order by 2, 1
  `.execute(db);
  return result.rows.map((row) => ({
    ...row,
    medianDays: row.medianDays === null ? null : Number(row.medianDays),
  }));
}
