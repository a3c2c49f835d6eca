/**
 * A person's drafts as a whole, for their rights on My Pages (issue #14, modules/data-rights):
 * every open draft with its answers for the export, the drafts they started for someone else
 * (which keep them from deleting their profile), and deleting all of theirs with the profile.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Answers } from '../forms/definition.ts';
import {
  deleteDraftsOfPerson,
  selectDraftsStartedForOthers,
  selectOpenDraftsWithAnswers,
} from './person-drafts-store.ts';

/** An open draft with what has been answered so far. */
export interface DraftWithAnswers {
  id: string;
  tenantId: string;
  serviceVersionId: string;
  answers: Answers;
  /** Set when it answers a completion request for this case. */
  completesCaseId: string | null;
  representativePersonId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The functions the application service adds for a person's drafts. */
export function personDrafts(db: Kysely<Database>) {
  return {
    /** Every open draft the person owns, completion drafts included, newest first. */
    async openDraftsWithAnswers(personId: string): Promise<DraftWithAnswers[]> {
      const rows = await selectOpenDraftsWithAnswers(db, personId);
      return rows.map((row) => ({
        ...row,
        createdAt: new Date(row.createdAt),
        updatedAt: new Date(row.updatedAt),
      }));
    },

    /** Drafts the person started for someone else (open, or submitted with their case id). */
    draftsStartedForOthers: (personId: string) => selectDraftsStartedForOthers(db, personId),

    /**
     * Deletes every draft the person owns inside the caller's transaction; resolves to the storage
     * keys of their files, for the caller to remove after the commit.
     */
    deleteAllDraftsOf: (personId: string, trx: Kysely<Database>) => deleteDraftsOfPerson(trx, personId),
  };
}
