/**
 * The DMN engine's own model of a DMN 1.3 file: plain data (read by parse-dmn.ts from
 * dmn-moddle's tree), so the evaluator and validator never touch XML. Pure (issue #10).
 */

/** Stable error codes of the engine (ARCHITECTURE.md house rule 6). */
export type DmnErrorCode =
  | 'DMN_XML_INVALID'
  | 'DMN_UNSUPPORTED'
  | 'DMN_DECISION_NOT_FOUND'
  | 'DMN_REFERENCE_MISSING'
  | 'DMN_CYCLE'
  | 'DMN_FEEL_ERROR'
  | 'DMN_HIT_POLICY_VIOLATION'
  | 'DMN_INPUT_OUT_OF_RANGE'
  | 'DMN_OUTPUT_OUT_OF_RANGE'
  | 'DMN_TYPE_MISMATCH';

/** A typed engine error: the model cannot be evaluated, so no answer is given at all. */
export class DmnError extends Error {
  constructor(
    readonly code: DmnErrorCode,
    message: string,
    readonly element?: string,
  ) {
    super(message);
    this.name = 'DmnError';
  }
}

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface InputColumn {
  id?: string;
  /** The label, or the input expression when the column has none. */
  label: string;
  expression: string;
  typeRef?: string;
  inputValues?: string;
}

export interface OutputColumn {
  id?: string;
  /** The output's name (the context key when a table has several outputs). */
  name: string;
  typeRef?: string;
  outputValues?: string;
  defaultOutput?: string;
}

export interface Rule {
  /** Row number, 1-based, as a person reading the table counts. */
  index: number;
  id?: string;
  inputEntries: string[];
  outputEntries: string[];
  annotations: string[];
}

export interface DecisionTable {
  id?: string;
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  outputLabel?: string;
  inputs: InputColumn[];
  outputs: OutputColumn[];
  /** Annotation column names (DMN 1.3 `annotation`). */
  annotations: string[];
  rules: Rule[];
}

export type Expr =
  | { kind: 'literal'; text: string; typeRef?: string }
  | { kind: 'table'; table: DecisionTable }
  | { kind: 'invocation'; called: string; bindings: { name: string; expr: Expr | null }[] }
  | { kind: 'context'; entries: { name: string | null; expr: Expr }[] }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'function'; params: string[]; body: Expr | null }
  | { kind: 'unsupported'; element: string; id?: string };

export interface Decision {
  id: string;
  name: string;
  typeRef?: string;
  requiredDecisions: string[];
  requiredInputs: string[];
  requiredKnowledge: string[];
  logic: Expr | null;
}

export interface InputData {
  id: string;
  name: string;
  typeRef?: string;
}

export interface KnowledgeModel {
  id: string;
  name: string;
  params: { name: string; typeRef?: string }[];
  body: Expr | null;
  requiredKnowledge: string[];
}

export interface ItemDefinition {
  name: string;
  typeRef?: string;
  isCollection: boolean;
  components: ItemDefinition[];
  allowedValues?: string;
}

export interface DmnModel {
  name: string;
  decisions: Decision[];
  inputs: InputData[];
  knowledgeModels: KnowledgeModel[];
  itemDefinitions: ItemDefinition[];
  /** DRG elements the engine does not evaluate (e.g. decision services), named for errors. */
  unsupported: { element: string; id: string; name: string }[];
}
