/**
 * The back office's part of retention and disposal (issue #14, decision 0031): a disposed case's
 * completion requests go (their history events stay, reduced by the case record's part).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { deleteCompletionRequestsOfCase } from './disposal-store.ts';

/** The part for the disposal service (ports.ts `CaseDisposalPart`). */
export const completionRequestsDisposal = {
  async dispose(trx: Kysely<Database>, target: { caseId: string }) {
    return { counts: { completionRequests: await deleteCompletionRequestsOfCase(trx, target.caseId) } };
  },
};
