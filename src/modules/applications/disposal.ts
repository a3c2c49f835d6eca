/**
 * The drafts' part of retention and disposal (issue #14, decision 0031), handed to the disposal
 * service by the composition root: a disposed case's drafts and attachments, an archived case's
 * unfinished completion drafts, and drafts their owners abandoned.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { deleteAbandonedDrafts, deleteDraftsOfCase, deleteOpenCompletionDrafts } from './disposal-store.ts';

interface Target {
  caseId: string;
  draftId: string | null;
}

/** The part for the disposal service (ports.ts `CaseDisposalPart`). */
export const draftsOfCaseDisposal = {
  async dispose(trx: Kysely<Database>, target: Target) {
    const { storageKeys, drafts } = await deleteDraftsOfCase(trx, target.caseId, target.draftId);
    return { storageKeys, counts: { drafts, attachments: storageKeys.length } };
  },
  /** An archived case keeps what was submitted; a completion never sent was never part of the record. */
  async archive(trx: Kysely<Database>, target: Target) {
    const { storageKeys, drafts } = await deleteOpenCompletionDrafts(trx, target.caseId);
    return { storageKeys, counts: { drafts, attachments: storageKeys.length } };
  },
};

/** Abandoned drafts (ports.ts `DraftDisposal`). */
export const abandonedDraftDisposal = { removeAbandoned: deleteAbandonedDrafts };
