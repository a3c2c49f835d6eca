/**
 * Evaluates a decision of a DMN model: required decisions first (dependency order), business
 * knowledge models as FEEL functions, boxed expressions, and a trace of every table (issue #10).
 * Pure: no I/O; anything the engine cannot evaluate is a typed error, never a guess.
 */
import { FeelFunction } from 'feelin';
import { evaluateTable, type TableTrace } from './decision-table.ts';
import { type Decision, DmnError, type DmnModel, type Expr, type KnowledgeModel } from './dmn-model.ts';
import { type ErrorTrap, feelValue } from './feel.ts';
import { conforms } from './feel-types.ts';

/** The result of evaluating one decision, with what decided it. */
export interface EvaluationResult {
  decision: string;
  decisionId: string;
  value: unknown;
  /** The value of every decision evaluated on the way (the requested one included), by name. */
  decisions: Record<string, unknown>;
  /** Every decision table evaluated, in evaluation order. */
  tables: TableTrace[];
  /** The input data the evaluation read, by name (what a proposal records as its inputs). */
  inputs: Record<string, unknown>;
}

interface Run {
  model: DmnModel;
  inputs: Record<string, unknown>;
  done: Map<string, unknown>;
  active: Set<string>;
  tables: TableTrace[];
  used: Record<string, unknown>;
  trap: ErrorTrap;
}

/** Finds a decision by id or name; an unknown one is a `DMN_DECISION_NOT_FOUND` error. */
export function findDecision(model: DmnModel, nameOrId: string): Decision {
  const decision =
    model.decisions.find((candidate) => candidate.id === nameOrId) ??
    model.decisions.find((candidate) => candidate.name === nameOrId);
  if (!decision) {
    const known = model.decisions.map((candidate) => candidate.name).join(', ');
    throw new DmnError('DMN_DECISION_NOT_FOUND', `no decision «${nameOrId}» in the model (it has: ${known})`);
  }
  return decision;
}

/** Evaluates a decision against input data given by input name. */
export function evaluateDecision(
  model: DmnModel,
  nameOrId: string,
  inputs: Record<string, unknown>,
): EvaluationResult {
  const decision = findDecision(model, nameOrId);
  const run: Run = {
    model,
    inputs,
    done: new Map(),
    active: new Set(),
    tables: [],
    used: {},
    trap: { pending: null },
  };
  const value = decisionValue(run, decision);
  const decisions = Object.fromEntries(
    model.decisions.filter((d) => run.done.has(d.id)).map((d) => [d.name, run.done.get(d.id)]),
  );
  return {
    decision: decision.name,
    decisionId: decision.id,
    value,
    decisions,
    tables: run.tables,
    inputs: run.used,
  };
}

function decisionValue(run: Run, decision: Decision): unknown {
  if (run.done.has(decision.id)) return run.done.get(decision.id);
  // A value given for a decision by name stands in for it (the TCK's way of fixing a sub-decision).
  if (Object.hasOwn(run.inputs, decision.name)) return run.inputs[decision.name];
  if (run.active.has(decision.id)) {
    throw new DmnError('DMN_CYCLE', `decision «${decision.name}» requires itself`, decision.name);
  }
  run.active.add(decision.id);
  const context = decisionContext(run, decision);
  if (!decision.logic) {
    throw new DmnError('DMN_UNSUPPORTED', `decision «${decision.name}» has no decision logic`, decision.name);
  }
  const value = expressionValue(run, decision.logic, context, { name: decision.name, id: decision.id });
  if (!conforms(run.model, value, decision.typeRef) && !Array.isArray(value)) {
    throw new DmnError(
      'DMN_TYPE_MISMATCH',
      `decision «${decision.name}»: ${JSON.stringify(value)} is not a ${decision.typeRef}`,
    );
  }
  run.active.delete(decision.id);
  run.done.set(decision.id, value);
  return value;
}

/** What a decision's expressions see: its required inputs and decisions, and every knowledge model. */
function decisionContext(run: Run, decision: Decision): Record<string, unknown> {
  const context: Record<string, unknown> = functionsOf(run);
  for (const id of decision.requiredInputs) {
    const input = run.model.inputs.find((candidate) => candidate.id === id);
    if (!input) throw missing(run, decision, id);
    const value = run.inputs[input.name] ?? null;
    if (!conforms(run.model, value, input.typeRef)) {
      throw new DmnError(
        'DMN_TYPE_MISMATCH',
        `input data «${input.name}»: ${JSON.stringify(value)} is not a ${input.typeRef}`,
        input.name,
      );
    }
    context[input.name] = value;
    run.used[input.name] = value;
  }
  for (const id of decision.requiredDecisions) {
    const required = run.model.decisions.find((candidate) => candidate.id === id);
    if (!required) throw missing(run, decision, id);
    context[required.name] = decisionValue(run, required);
  }
  return context;
}

function missing(run: Run, decision: Decision, id: string): DmnError {
  const unsupported = run.model.unsupported.find((element) => element.id === id);
  if (unsupported) {
    return new DmnError(
      'DMN_UNSUPPORTED',
      `decision «${decision.name}» requires the ${unsupported.element} «${unsupported.name}», which the engine cannot evaluate`,
      unsupported.element,
    );
  }
  return new DmnError(
    'DMN_REFERENCE_MISSING',
    `decision «${decision.name}» requires «${id}», which is not a decision or input data of this model`,
    id,
  );
}

/** Every business knowledge model as a FEEL function, so expressions can call it by name. */
function functionsOf(run: Run): Record<string, unknown> {
  return Object.fromEntries(
    run.model.knowledgeModels.map((bkm) => [
      bkm.name,
      new FeelFunction(
        (...args: unknown[]) =>
          trapped(run, () =>
            invokeKnowledgeModel(
              run,
              bkm,
              Object.fromEntries(bkm.params.map((p, i) => [p.name, args[i] ?? null])),
            ),
          ),
        bkm.params.map((param) => param.name),
      ),
    ]),
  );
}

function trapped(run: Run, body: () => unknown): unknown {
  try {
    return body();
  } catch (error) {
    if (!(error instanceof DmnError)) throw error;
    run.trap.pending ??= error;
    return null;
  }
}

function invokeKnowledgeModel(run: Run, bkm: KnowledgeModel, args: Record<string, unknown>): unknown {
  if (!bkm.body) {
    throw new DmnError('DMN_UNSUPPORTED', `business knowledge model «${bkm.name}» has no logic`, bkm.name);
  }
  return expressionValue(run, bkm.body, { ...functionsOf(run), ...args }, { name: bkm.name, id: bkm.id });
}

/** Evaluates a boxed expression in a context. */
function expressionValue(
  run: Run,
  expr: Expr,
  context: Record<string, unknown>,
  owner: { name: string; id?: string },
): unknown {
  const where = `«${owner.name}»`;
  switch (expr.kind) {
    case 'literal':
      return feelValue(expr.text, context, where, run.trap);
    case 'table': {
      const trace = evaluateTable(run.model, expr.table, context, owner, run.trap);
      run.tables.push(trace);
      return trace.result;
    }
    case 'invocation':
      return invocationValue(run, expr, context, owner);
    case 'context':
      return contextValue(run, expr, context, owner);
    case 'list':
      return expr.items.map((item) => expressionValue(run, item, context, owner));
    case 'function': {
      const { body, params } = expr;
      return new FeelFunction(
        (...args: unknown[]) =>
          trapped(run, () => {
            if (!body)
              throw new DmnError('DMN_UNSUPPORTED', `${where}: a function definition without a body`);
            const bound = Object.fromEntries(params.map((param, i) => [param, args[i] ?? null]));
            return expressionValue(run, body, { ...context, ...bound }, owner);
          }),
        params,
      );
    }
    case 'unsupported':
      throw new DmnError(
        'DMN_UNSUPPORTED',
        `${where}: the engine cannot evaluate a ${expr.element}${expr.id ? ` (${expr.id})` : ''}`,
        expr.element,
      );
  }
}

/** A boxed context: entries see the earlier ones; a last entry without a name is the result. */
function contextValue(
  run: Run,
  expr: Extract<Expr, { kind: 'context' }>,
  context: Record<string, unknown>,
  owner: { name: string; id?: string },
): unknown {
  const local = { ...context };
  const named: Record<string, unknown> = {};
  for (const [i, entry] of expr.entries.entries()) {
    const value = expressionValue(run, entry.expr, local, owner);
    if (entry.name === null) {
      if (i === expr.entries.length - 1) return value;
      continue;
    }
    local[entry.name] = value;
    named[entry.name] = value;
  }
  return named;
}

function invocationValue(
  run: Run,
  expr: Extract<Expr, { kind: 'invocation' }>,
  context: Record<string, unknown>,
  owner: { name: string; id?: string },
): unknown {
  const args = Object.fromEntries(
    expr.bindings.map((binding) => [
      binding.name,
      binding.expr ? expressionValue(run, binding.expr, context, owner) : null,
    ]),
  );
  const bkm = run.model.knowledgeModels.find((candidate) => candidate.name === expr.called);
  if (bkm) {
    const unknown = Object.keys(args).filter((name) => !bkm.params.some((param) => param.name === name));
    if (unknown.length) {
      throw new DmnError(
        'DMN_FEEL_ERROR',
        `«${owner.name}» invokes «${bkm.name}» with unknown parameters ${unknown.join(', ')}`,
      );
    }
    const bound = Object.fromEntries(bkm.params.map((param) => [param.name, args[param.name] ?? null]));
    return invokeKnowledgeModel(run, bkm, bound);
  }
  const called = context[expr.called];
  if (called instanceof FeelFunction) {
    const value = called.invoke(args);
    if (run.trap.pending) {
      const pending = run.trap.pending;
      run.trap.pending = null;
      throw pending;
    }
    return value;
  }
  throw new DmnError(
    'DMN_REFERENCE_MISSING',
    `«${owner.name}» invokes «${expr.called}», which is not a function`,
  );
}
