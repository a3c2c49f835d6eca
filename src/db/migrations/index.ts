/** Every migration, in order. Static imports: no directory scanning at run time. */
import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
};
