/**
 * The back office's part of retention and disposal (issue #14, decision 0031): a disposed case's
 * completion requests go (their history events stay, reduced by the case record's part), and the
 * free-text reasons its shares with other units were given are replaced by a mark.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { deleteCompletionRequestsOfCase, reduceShareReasonsOfCase } from './disposal-store.ts';

/** The part for the disposal service (ports.ts `CaseDisposalPart`). */
export const backOfficeOfCaseDisposal = {
  async dispose(trx: Kysely<Database>, target: { caseId: string }) {
    return {
      counts: {
        completionRequests: await deleteCompletionRequestsOfCase(trx, target.caseId),
        shareReasons: await reduceShareReasonsOfCase(trx, target.caseId),
      },
    };
  },
};
