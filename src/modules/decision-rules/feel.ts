/** Calls into feelin that turn its warnings and syntax errors into the engine's typed errors. Pure. */
import { evaluate, SyntaxError as FeelSyntaxError, unaryTest } from 'feelin';
import { DmnError } from './dmn-model.ts';
import { fastTest, fastValue } from './feel-fast.ts';

/** Warnings that mean the expression named something that does not exist: never answer then. */
const FATAL_WARNINGS = new Set(['NO_VARIABLE_FOUND', 'NO_FUNCTION_FOUND']);

/** Where an expression sits, for error messages. */
export type Where = string;

/**
 * Errors raised inside a business knowledge model called from FEEL would otherwise be swallowed
 * by feelin (it turns a failed call into null); they are kept here and rethrown after the call.
 */
export interface ErrorTrap {
  pending: DmnError | null;
}

function rethrow(trap: ErrorTrap) {
  const pending = trap.pending;
  trap.pending = null;
  if (pending) throw pending;
}

function check(result: { warnings: { type: string; message: string }[] }, where: Where) {
  const fatal = result.warnings.find((warning) => FATAL_WARNINGS.has(warning.type));
  if (fatal) throw new DmnError('DMN_FEEL_ERROR', `${where}: ${fatal.message}`);
}

/** Evaluates a FEEL expression; an empty text is null. */
export function feelValue(
  text: string,
  context: Record<string, unknown>,
  where: Where,
  trap: ErrorTrap,
): unknown {
  if (!text.trim()) return null;
  const fast = fastValue(text, context);
  if (fast) return fast.value;
  try {
    const result = evaluate(text, context);
    rethrow(trap);
    check(result, where);
    return result.value ?? null;
  } catch (error) {
    if (error instanceof FeelSyntaxError) {
      throw new DmnError('DMN_FEEL_ERROR', `${where}: FEEL syntax error in «${text}»: ${error.message}`);
    }
    throw error;
  }
}

/** Tests a value against unary tests; `-` (or an empty entry) matches everything. */
export function feelTest(
  text: string,
  value: unknown,
  context: Record<string, unknown>,
  where: Where,
  trap: ErrorTrap,
): boolean {
  if (!text.trim() || text.trim() === '-') return true;
  const fast = fastTest(text, value, context);
  if (fast !== undefined) return fast;
  try {
    const result = unaryTest(text, { ...context, '?': value });
    rethrow(trap);
    check(result, where);
    return result.value === true;
  } catch (error) {
    if (error instanceof FeelSyntaxError) {
      throw new DmnError('DMN_FEEL_ERROR', `${where}: FEEL syntax error in «${text}»: ${error.message}`);
    }
    throw error;
  }
}
