/**
 * Case messages (issue #3): a two-way conversation between the applicant and the handling unit,
 * with attachments and unread counts. Files are stored before their rows and removed again when
 * the message is refused or its transaction fails, so storage never keeps a file without a row.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { type ActingGrant, actingLabel, grantsCover, residentActing } from '../../platform/identity/model.ts';
import { type FileStorage, FileTooLargeError } from '../../platform/storage/file-storage.ts';
import { InfectedFileError, ScannerUnavailableError } from '../../platform/virus-scan/scanned-storage.ts';
import { cleanFilename } from '../applications/model.ts';
import { canOfficer } from '../case-handling/policy.ts';
import type { CaseClient, CaseHandlingService } from '../case-handling/service.ts';
import type { CaseService, ResidentActor } from '../cases/service.ts';
import type { StaffActor } from '../organisation/model.ts';
import {
  authorReadBy,
  isAcceptedAttachmentType,
  isRowId,
  MAX_FILE_BYTES,
  type MessageFiles,
  type MessageProblem,
  type MessageSide,
  NO_FILES,
  normaliseBody,
  type RefusedFile,
  type StagedFile,
  validateMessage,
} from './model.ts';
import {
  insertAttachments,
  insertMessage,
  markRead,
  selectAttachmentOfCase,
  selectAttachmentsOfCase,
  selectCaseIdsWrittenBy,
  selectCounts,
  selectMessages,
  selectStorageKeysInUse,
} from './store.ts';
import {
  type InboxEntry,
  type IncomingFile,
  type MessageDownload,
  type MessageSummary,
  type MessageThread,
  MessageValidationError,
  type OfficerThread,
  type ThreadMessage,
} from './thread-types.ts';

export type {
  InboxEntry,
  IncomingFile,
  MessageDownload,
  MessageSummary,
  MessageThread,
  OfficerThread,
  ThreadAttachment,
  ThreadMessage,
} from './thread-types.ts';
export { MessageValidationError };

export interface MessageService {
  /** The conversation of the applicant's own case (404 otherwise); marks the officers' messages read. */
  threadForResident(resident: ResidentActor, reference: string): Promise<MessageThread>;
  /** The applicant writes to the case's unit: message, attachments and audit entry in one transaction. */
  sendAsResident(
    resident: ResidentActor & { name: string },
    reference: string,
    body: string,
    files?: MessageFiles,
  ): Promise<{ messageId: string }>;
  /**
   * The person's cases that have messages, newest message first, with unread counts; with `grants`
   * (a representative acting for the person, issue #13) only the cases in the services granted.
   */
  inboxOfPerson(personId: string, grants?: readonly ActingGrant[]): Promise<InboxEntry[]>;
  /** How many officers' messages the person has not read, across their cases. */
  unreadCountOfPerson(personId: string): Promise<number>;
  /** How many officers' messages are unread on these cases (a caller that already has the person's cases). */
  unreadCountOfCases(caseIds: readonly string[]): Promise<number>;
  /** Which of these storage keys name a file of this module (the orphan file sweeper asks). */
  storageKeysInUse(keys: string[]): Promise<string[]>;
  /** The conversation for an officer of the case's unit (audited read); marks the applicant's messages read. */
  threadForOfficer(actor: StaffActor, reference: string): Promise<OfficerThread>;
  /** An officer writes to the applicant; the applicant gets a "something new" mail without the text. */
  sendAsOfficer(
    actor: StaffActor,
    reference: string,
    body: string,
    files?: MessageFiles,
  ): Promise<{ messageId: string }>;
  /**
   * A business system's API client writes to the applicant (issue #12), as the unit's side of the
   * conversation under the client's name; text only. The applicant gets the same "something new" mail.
   */
  sendByClient(client: CaseClient, reference: string, body: string): Promise<{ messageId: string }>;
  /** Unread applicant messages per case for the queue (one query); cases without any are left out. */
  unreadForOfficer(caseIds: string[]): Promise<Map<string, number>>;
  /** Counts for a case page's panel; the caller has checked access. Pass `within` inside a transaction. */
  summaryForCase(caseId: string, side: MessageSide, within?: Kysely<Database>): Promise<MessageSummary>;
  attachmentForResident(
    resident: ResidentActor,
    reference: string,
    attachmentId: string,
  ): Promise<MessageDownload>;
  attachmentForOfficer(actor: StaffActor, reference: string, attachmentId: string): Promise<MessageDownload>;
  /** Stores an upload of an accepted type (at most 10 MB) ahead of its message, or says why not. */
  stageFile(file: IncomingFile): Promise<StagedFile | RefusedFile>;
  /** Removes staged files that will not become attachments. */
  discard(files: MessageFiles): Promise<void>;
  /** A case's conversation, oldest first, unchecked and marking nothing read (the resident's export, issue #14). */
  messagesOfCase(caseId: string): Promise<ThreadMessage[]>;
  /** The ids of the cases the person has written in, as applicant or as representative (issue #14). */
  caseIdsWrittenBy(personId: string): Promise<string[]>;
}

export interface MessageServiceDeps {
  db: Kysely<Database>;
  cases: Pick<CaseService, 'caseForResident' | 'casesOfPerson'>;
  caseHandling: Pick<
    CaseHandlingService,
    'withOfficerCase' | 'withClientCase' | 'notifyResident' | 'publishChange' | 'lockAndPublishChange'
  >;
  storage: FileStorage;
  now: () => Date;
}

function refuseIfInvalid(problems: MessageProblem[]): void {
  if (problems.length > 0) throw new MessageValidationError(problems);
}

/** The messages of a case with their attachments; `fresh` are the ids this read marked read. */
async function loadThread(db: Kysely<Database>, caseId: string, fresh: string[]): Promise<ThreadMessage[]> {
  const [messages, attachments] = await Promise.all([
    selectMessages(db, caseId),
    selectAttachmentsOfCase(db, caseId),
  ]);
  const isNew = new Set(fresh);
  return messages.map((message) => ({
    id: message.id,
    authorKind: message.authorKind,
    authorName: message.authorName,
    body: message.body,
    createdAt: new Date(message.createdAt),
    isNew: isNew.has(message.id),
    attachments: attachments
      .filter((file) => file.messageId === message.id)
      .map(({ messageId: _messageId, ...file }) => file),
  }));
}

export function createMessageService(deps: MessageServiceDeps): MessageService {
  const { db, storage, now } = deps;

  const discard: MessageService['discard'] = async (files) => {
    await Promise.all(files.staged.map((file) => storage.remove(file.storageKey)));
  };

  /** Runs `work`; if it throws, the staged files are removed before the error goes on. */
  const orDiscard = async <T>(files: MessageFiles, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      await discard(files);
      throw error;
    }
  };

  /** Messages belong to a logged-in applicant's case: an anonymous submission has no one to write to. */
  const residentCase = async (resident: ResidentActor, reference: string) => {
    const details = await deps.cases.caseForResident(resident, reference);
    if (!resident.personId || details.case.applicantPersonId !== resident.personId) {
      throw new AppError('CASE_NOT_FOUND');
    }
    return details;
  };

  const download = (file: Omit<MessageDownload, 'stream'> & { storageKey: string }): MessageDownload => ({
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    stream: storage.read(file.storageKey),
  });

  async function unreadCountOfCases(caseIds: readonly string[]) {
    if (caseIds.length === 0) return 0;
    const counts = await selectCounts(db, [...caseIds], 'officer');
    return counts.reduce((sum, count) => sum + count.unread, 0);
  }

  return {
    storageKeysInUse: (keys) => selectStorageKeysInUse(db, keys),
    messagesOfCase: (caseId) => loadThread(db, caseId, []),
    caseIdsWrittenBy: (personId) => selectCaseIdsWrittenBy(db, personId),

    async threadForResident(resident, reference) {
      const details = await residentCase(resident, reference);
      const caseId = details.case.id;
      const messages = await db.transaction().execute(async (trx) => {
        const fresh = await markRead(trx, caseId, 'officer', now());
        return loadThread(trx, caseId, fresh);
      });
      return {
        caseId,
        reference: details.case.reference,
        tenant: details.tenant,
        serviceTitle: details.version.definition.title,
        messages,
      };
    },

    sendAsResident: (resident, reference, rawBody, files = NO_FILES) =>
      orDiscard(files, async () => {
        const details = await residentCase(resident, reference);
        const body = normaliseBody(rawBody);
        refuseIfInvalid(validateMessage(body, files));
        const { id: caseId, tenantId, applicantPersonId } = details.case;
        const at = now();
        // A representative writes in their own name, for the applicant (issue #13).
        const acting = residentActing({ ...resident, personId: resident.personId ?? '' });
        const author = actingLabel(acting.name, acting.onBehalfOf?.role);
        return db.transaction().execute(async (trx) => {
          // First: the case is locked, so the published change keeps its place among the case's.
          await deps.caseHandling.lockAndPublishChange(trx, caseId, 'messageFromApplicant');
          const messageId = await insertMessage(trx, {
            tenantId,
            caseId,
            authorKind: 'resident',
            authorPersonId: acting.personId,
            authorStaffId: null,
            authorName: author,
            body,
            createdAt: at,
          });
          await insertAttachments(trx, { tenantId, messageId, createdAt: at }, files.staged);
          await recordAudit(trx, {
            tenantId,
            actor: { staffId: null, personId: acting.personId, name: author, unitNames: [] },
            action: 'case.message',
            caseId,
            subjectPersonId: applicantPersonId,
            details: {
              messageId,
              attachments: files.staged.length,
              ...(acting.onBehalfOf ? { onBehalfOf: acting.onBehalfOf } : {}),
            },
            at,
          });
          return { messageId };
        });
      }),

    async inboxOfPerson(personId, grants) {
      const { ongoing, closed } = await deps.cases.casesOfPerson(personId);
      const inScope = [...ongoing, ...closed].filter(
        (item) => !grants || grantsCover(grants, item.tenantId, item.serviceId),
      );
      const cases = new Map(inScope.map((item) => [item.id, item]));
      const counts = await selectCounts(db, [...cases.keys()], 'officer');
      return counts
        .flatMap((count) => {
          const item = cases.get(count.caseId);
          if (!item) return [];
          const { reference, serviceTitle, tenantName } = item;
          return [{ ...count, reference, serviceTitle, tenantName }];
        })
        .sort(
          (a, b) => b.latestAt.getTime() - a.latestAt.getTime() || a.reference.localeCompare(b.reference),
        );
    },

    async unreadCountOfPerson(personId) {
      const { ongoing, closed } = await deps.cases.casesOfPerson(personId);
      return unreadCountOfCases([...ongoing, ...closed].map((item) => item.id));
    },

    unreadCountOfCases,

    threadForOfficer: (actor, reference) =>
      deps.caseHandling.withOfficerCase(actor, reference, 'read', async (trx, handled) => {
        // Only the handling unit's reading marks the applicant's messages read: a unit the case is
        // shared with (decision 0033) reads along without hiding them from the officers who answer.
        const answering = canOfficer(actor, 'message', handled.row);
        const fresh = answering ? await markRead(trx, handled.row.id, 'resident', now()) : [];
        const messages = await loadThread(trx, handled.row.id, fresh);
        return {
          caseId: handled.row.id,
          reference: handled.row.reference,
          tenant: handled.tenant,
          serviceTitle: handled.version.definition.title,
          applicantName: handled.row.applicantName,
          canWrite: handled.row.applicantPersonId !== null && canOfficer(actor, 'message', handled.row),
          messages,
        };
      }),

    sendAsOfficer: (actor, reference, rawBody, files = NO_FILES) =>
      orDiscard(files, () =>
        deps.caseHandling.withOfficerCase(actor, reference, 'message', async (trx, handled) => {
          const body = normaliseBody(rawBody);
          refuseIfInvalid(validateMessage(body, files));
          if (!handled.row.applicantPersonId)
            refuseIfInvalid([{ field: 'body', key: 'noApplicant', params: {} }]);
          const { id: caseId, tenantId } = handled.row;
          const at = now();
          const messageId = await insertMessage(trx, {
            tenantId,
            caseId,
            authorKind: 'officer',
            authorPersonId: actor.personId,
            authorStaffId: actor.staffId,
            authorName: actor.name,
            body,
            createdAt: at,
          });
          await insertAttachments(trx, { tenantId, messageId, createdAt: at }, files.staged);
          // The mail only says there is something new; the text is read after logging in.
          await deps.caseHandling.notifyResident(trx, handled, 'message');
          await deps.caseHandling.publishChange(trx, handled, 'messageToApplicant');
          return { messageId };
        }),
      ),

    sendByClient: (client, reference, rawBody) =>
      deps.caseHandling.withClientCase(client, reference, 'message', async (trx, handled) => {
        const body = normaliseBody(rawBody);
        refuseIfInvalid(validateMessage(body, NO_FILES));
        if (!handled.row.applicantPersonId)
          refuseIfInvalid([{ field: 'body', key: 'noApplicant', params: {} }]);
        const messageId = await insertMessage(trx, {
          tenantId: handled.row.tenantId,
          caseId: handled.row.id,
          authorKind: 'officer',
          authorPersonId: null,
          authorStaffId: null,
          authorName: client.name,
          body,
          createdAt: now(),
        });
        await deps.caseHandling.notifyResident(trx, handled, 'message');
        await deps.caseHandling.publishChange(trx, handled, 'messageToApplicant');
        return { messageId };
      }),

    async unreadForOfficer(caseIds) {
      const counts = await selectCounts(db, [...new Set(caseIds)], 'resident');
      return new Map(counts.filter((count) => count.unread > 0).map((count) => [count.caseId, count.unread]));
    },

    async summaryForCase(caseId, side, within = db) {
      const [counts] = await selectCounts(within, [caseId], authorReadBy(side));
      return counts
        ? { total: counts.total, unread: counts.unread, latestAt: counts.latestAt }
        : { total: 0, unread: 0, latestAt: null };
    },

    async attachmentForResident(resident, reference, attachmentId) {
      const details = await residentCase(resident, reference);
      const file = isRowId(attachmentId)
        ? await selectAttachmentOfCase(db, details.case.id, attachmentId)
        : undefined;
      if (!file) throw new AppError('ATTACHMENT_NOT_FOUND');
      return download(file);
    },

    async attachmentForOfficer(actor, reference, attachmentId) {
      const file = await deps.caseHandling.withOfficerCase(actor, reference, 'read', async (trx, handled) => {
        const found = isRowId(attachmentId)
          ? await selectAttachmentOfCase(trx, handled.row.id, attachmentId)
          : undefined;
        if (!found) throw new AppError('ATTACHMENT_NOT_FOUND');
        return found;
      });
      return download(file);
    },

    async stageFile(file) {
      const filename = cleanFilename(file.filename);
      if (!isAcceptedAttachmentType(file.contentType)) return { filename, problem: 'wrongType' };
      try {
        const stored = await storage.put(file.stream, MAX_FILE_BYTES);
        return {
          filename,
          contentType: file.contentType,
          storageKey: stored.key,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
        };
      } catch (error) {
        if (error instanceof FileTooLargeError) return { filename, problem: 'tooLarge' };
        if (error instanceof InfectedFileError) return { filename, problem: 'infected' };
        if (error instanceof ScannerUnavailableError) return { filename, problem: 'notScanned' };
        throw error;
      }
    },

    discard,
  };
}
