/**
 * The event log's part of a case's disposal (issue #14, decision 0031): events keep no names or
 * answers (docs/jobs.md), but some name the person a notification was for. Once the case is
 * disposed of, those person ids go from the events whose jobs are all finished (an event still in
 * progress is left alone: its handler reads the id when it runs). The partial index
 * `outbox_case_person` (migration 0023) finds them without reading the whole log.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The part for the disposal service (ports.ts `CaseDisposalPart`). */
export const eventsOfCaseDisposal = {
  async dispose(trx: Kysely<Database>, target: { caseId: string }) {
    const result = await sql`update outbox o set payload = o.payload - 'personId'
      where o.case_id = ${target.caseId} and o.payload ? 'personId'
        and not exists (select 1 from job j where j.event_id = o.id and j.processed_at is null and j.dead_at is null)`.execute(
      trx,
    );
    return { counts: { eventPersonLinks: Number(result.numAffectedRows ?? 0) } };
  },
};
