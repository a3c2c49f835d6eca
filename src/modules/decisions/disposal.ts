/**
 * The decisions' part of retention and disposal (issue #14, decision 0031): a disposed case's
 * decisions stay as the record of the act without their justification and letter (which name and
 * describe the applicant). An archived case keeps its decisions and letters whole.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { disposeDecisionsOfCase } from './disposal-store.ts';

/** The part for the disposal service (ports.ts `CaseDisposalPart`). */
export const decisionsOfCaseDisposal = {
  async dispose(trx: Kysely<Database>, target: { caseId: string; at: Date }) {
    const { storageKeys, decisions } = await disposeDecisionsOfCase(trx, target.caseId, target.at);
    return { storageKeys, counts: { decisions, letters: storageKeys.length } };
  },
};
