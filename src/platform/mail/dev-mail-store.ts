/** SQL for the development mailbox's table, dev_mail. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface DevMail {
  id: number;
  messageId: string;
  envelopeFrom: string;
  envelopeTo: string;
  subject: string;
  textBody: string;
  receivedAt: Date;
}

export async function insertDevMail(db: Kysely<Database>, mail: Omit<DevMail, 'id'>): Promise<void> {
  await db.insertInto('devMail').values(mail).execute();
}

/** The newest mails first. */
export async function selectDevMail(db: Kysely<Database>, limit: number): Promise<DevMail[]> {
  const rows = await db.selectFrom('devMail').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({ ...row, id: Number(row.id), receivedAt: new Date(row.receivedAt) }));
}
