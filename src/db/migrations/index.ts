/** Every migration, in order. Static imports: no directory scanning at run time. */
import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as caseHandling from './0002-case-handling.ts';
import * as queueIndexes from './0003-queue-indexes.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-case-handling': caseHandling,
  '0003-queue-indexes': queueIndexes,
};
