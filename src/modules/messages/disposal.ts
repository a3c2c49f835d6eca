/**
 * The messages' part of retention and disposal (issue #14, decision 0031): a disposed case's
 * conversation goes with its attachments. An archived case keeps it (nothing to do).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { deleteMessagesOfCase } from './disposal-store.ts';

/** The part for the disposal service (ports.ts `CaseDisposalPart`). */
export const messagesOfCaseDisposal = {
  async dispose(trx: Kysely<Database>, target: { caseId: string }) {
    const { storageKeys, messages } = await deleteMessagesOfCase(trx, target.caseId);
    return { storageKeys, counts: { messages, messageAttachments: storageKeys.length } };
  },
};
