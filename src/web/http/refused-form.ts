/**
 * Re-rendering a refused form, written once: a change refused with field errors shows the same page
 * again (status 400) with the errors and what the person typed; any other error goes on to the
 * error handler.
 */
import { AppError, type ProblemFieldError } from '../../platform/errors.ts';

/** The field errors of a refused change; rethrows anything that is not a refusal with field errors. */
export function refusedFields(error: unknown): ProblemFieldError[] {
  if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.errors) return error.errors;
  throw error;
}

/** What the person typed, to fill the form in again (without the CSRF token, which the page adds). */
export function typedValues<T extends object>(body: T | undefined): Omit<T, '_csrf'> {
  const { _csrf: _token, ...values } = (body ?? {}) as T & { _csrf?: unknown };
  return values;
}
