/** SQL for `case_message` and `message_attachment`; the only code that touches those tables. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { MessageSide, StagedFile } from './model.ts';

export interface NewMessage {
  tenantId: string;
  caseId: string;
  authorKind: MessageSide;
  authorPersonId: string | null;
  authorStaffId: string | null;
  authorName: string;
  body: string;
  createdAt: Date;
}

export async function insertMessage(db: Kysely<Database>, message: NewMessage): Promise<string> {
  const row = await db.insertInto('caseMessage').values(message).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertAttachments(
  db: Kysely<Database>,
  message: { tenantId: string; messageId: string; createdAt: Date },
  files: StagedFile[],
): Promise<void> {
  if (files.length === 0) return;
  await db
    .insertInto('messageAttachment')
    .values(
      files.map((file) => ({
        tenantId: message.tenantId,
        messageId: message.messageId,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.sizeBytes,
        storageKey: file.storageKey,
        sha256: file.sha256,
        createdAt: message.createdAt,
      })),
    )
    .execute();
}

/** Marks the unread messages by `author` in a case as read; returns the ids it marked. */
export async function markRead(
  db: Kysely<Database>,
  caseId: string,
  author: MessageSide,
  at: Date,
): Promise<string[]> {
  const rows = await db
    .updateTable('caseMessage')
    .set({ readAt: at })
    .where('caseId', '=', caseId)
    .where('authorKind', '=', author)
    .where('readAt', 'is', null)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** A case's messages, oldest first. */
export async function selectMessages(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('caseMessage')
    .select(['id', 'authorKind', 'authorName', 'body', 'createdAt', 'readAt'])
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** The attachments of a case's messages (storage keys stay in the service). */
export async function selectAttachmentsOfCase(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('messageAttachment as a')
    .innerJoin('caseMessage as m', 'm.id', 'a.messageId')
    .select(['a.id', 'a.messageId', 'a.filename', 'a.contentType', 'a.sizeBytes'])
    .where('m.caseId', '=', caseId)
    .orderBy('a.createdAt')
    .orderBy('a.filename')
    .execute();
}

/** One attachment, only if it belongs to a message of this case. */
export async function selectAttachmentOfCase(db: Kysely<Database>, caseId: string, attachmentId: string) {
  return db
    .selectFrom('messageAttachment as a')
    .innerJoin('caseMessage as m', 'm.id', 'a.messageId')
    .select(['a.id', 'a.filename', 'a.contentType', 'a.sizeBytes', 'a.storageKey'])
    .where('m.caseId', '=', caseId)
    .where('a.id', '=', attachmentId)
    .executeTakeFirst();
}

export interface MessageCounts {
  caseId: string;
  total: number;
  unread: number;
  latestAt: Date;
}

/** Per case (one query): how many messages, how many by `unreadAuthor` are unread, the latest time. */
export async function selectCounts(
  db: Kysely<Database>,
  caseIds: string[],
  unreadAuthor: MessageSide,
): Promise<MessageCounts[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('caseMessage')
    .select((eb) => [
      'caseId',
      eb.fn.countAll<string | number>().as('total'),
      eb.fn
        .countAll<string | number>()
        .filterWhere((w) => w.and([w('authorKind', '=', unreadAuthor), w('readAt', 'is', null)]))
        .as('unread'),
      eb.fn.max('createdAt').as('latestAt'),
    ])
    .where('caseId', 'in', caseIds)
    .groupBy('caseId')
    .execute();
  return rows.map((row) => ({
    caseId: row.caseId,
    total: Number(row.total),
    unread: Number(row.unread),
    latestAt: new Date(row.latestAt),
  }));
}

/** Which of these storage keys name a file of this module (the orphan file sweeper asks). */
export async function selectStorageKeysInUse(db: Kysely<Database>, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('messageAttachment')
    .select('storageKey as key')
    .where('storageKey', 'in', keys)
    .execute();
  return rows.map((row) => row.key);
}

/** The cases the person wrote in as a resident (their own, or someone else's as representative). */
export async function selectCaseIdsWrittenBy(db: Kysely<Database>, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('caseMessage')
    .select('caseId')
    .distinct()
    .where('authorPersonId', '=', personId)
    .limit(500)
    .execute();
  return rows.map((row) => row.caseId);
}
