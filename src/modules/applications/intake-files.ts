/**
 * The intake's view of drafts and their files (cases.openCase): this module owns both tables, so it
 * writes the SQL; the cases module gets it through the IntakeFiles port bound in src/services.ts.
 */
import type { IntakeFiles } from '../cases/service.ts';
import { bindIntakeSql, lockIntakeClaim } from './store.ts';

/** Drafts and attachments as the intake claims them. */
export const intakeFiles: IntakeFiles = {
  lockForIntake: lockIntakeClaim,
  bindSql: bindIntakeSql,
};
