/** The customer centre's contacts (table customer_centre_contact, migration 0019): statistics only. */
import { type Kysely, sql } from 'kysely';
import type { CustomerCentreChannel, Database } from '../../db/schema.ts';

/** Records one contact (inside the caller's transaction when given). */
export async function insertContact(
  db: Kysely<Database>,
  contact: {
    tenantId: string;
    channel: CustomerCentreChannel;
    category: string;
    outcome: string;
    caseId: string | null;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('customerCentreContact')
    .values({
      tenantId: contact.tenantId,
      channel: contact.channel,
      category: contact.category,
      outcome: contact.outcome,
      caseId: contact.caseId,
      createdAt: contact.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Contacts per Swedish calendar month, channel and category since `since`: those closed without a
 * case and those that registered one. One aggregate query over the tenant's index range.
 */
export async function selectContactFigures(db: Kysely<Database>, tenantId: string, since: Date) {
  const month = sql<string>`to_char(created_at at time zone 'Europe/Stockholm', 'YYYY-MM')`;
  return db
    .selectFrom('customerCentreContact')
    .select([
      month.as('month'),
      'channel',
      'category',
      sql<number>`count(*) filter (where outcome <> 'caseRegistered')::int`.as('closed'),
      sql<number>`count(*) filter (where outcome = 'caseRegistered')::int`.as('registered'),
    ])
    .where('tenantId', '=', tenantId)
    .where('createdAt', '>=', since)
    .groupBy([month, 'channel', 'category'])
    .execute();
}

/** Closed contacts per outcome since `since` (what the customer centre could answer itself). */
export async function selectOutcomeFigures(db: Kysely<Database>, tenantId: string, since: Date) {
  return db
    .selectFrom('customerCentreContact')
    .select(['outcome', sql<number>`count(*)::int`.as('count')])
    .where('tenantId', '=', tenantId)
    .where('createdAt', '>=', since)
    .groupBy('outcome')
    .execute();
}

/** Whether the tenant has any contact yet (the demo seeds a few only into an empty tenant). */
export async function hasContacts(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db
    .selectFrom('customerCentreContact')
    .select('id')
    .where('tenantId', '=', tenantId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
