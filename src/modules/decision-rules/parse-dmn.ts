/** Reads DMN 1.3 XML into the engine's model (dmn-moddle parses in memory; no I/O). */
import { DmnModdle } from 'dmn-moddle';
import {
  type DecisionTable,
  DmnError,
  type DmnModel,
  type Expr,
  type HitPolicy,
  type InputColumn,
  type ItemDefinition,
  type OutputColumn,
  type Rule,
} from './dmn-model.ts';

// biome-ignore lint/suspicious/noExplicitAny: dmn-moddle's tree is untyped.
type Node = any;

const HIT_POLICIES = new Set(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);

/** The id an `href="#id"` names; a reference into another file keeps its prefix (and resolves to nothing). */
export const hrefId = (href: string | undefined): string =>
  href?.startsWith('#') ? href.slice(1) : (href ?? '');

const text = (node: Node): string | undefined => (typeof node?.text === 'string' ? node.text : undefined);

function readTable(node: Node): DecisionTable {
  const hitPolicy = String(node.hitPolicy ?? 'UNIQUE');
  if (!HIT_POLICIES.has(hitPolicy))
    throw new DmnError('DMN_UNSUPPORTED', `hit policy ${hitPolicy}`, hitPolicy);
  const inputs: InputColumn[] = (node.input ?? []).map((input: Node) => {
    const expression = text(input.inputExpression) ?? '';
    return {
      id: input.id,
      label: input.label ?? expression,
      expression,
      typeRef: input.inputExpression?.typeRef,
      inputValues: text(input.inputValues),
    };
  });
  const outputs: OutputColumn[] = (node.output ?? []).map((output: Node, i: number) => ({
    id: output.id,
    name: output.name ?? output.label ?? (i === 0 ? (node.outputLabel ?? 'output') : `output${i + 1}`),
    typeRef: output.typeRef,
    outputValues: text(output.outputValues),
    defaultOutput: text(output.defaultOutputEntry),
  }));
  const rules: Rule[] = (node.rule ?? []).map((rule: Node, i: number) => ({
    index: i + 1,
    id: rule.id,
    inputEntries: (rule.inputEntry ?? []).map((entry: Node) => text(entry) ?? '-'),
    outputEntries: (rule.outputEntry ?? []).map((entry: Node) => text(entry) ?? ''),
    annotations: [
      ...(rule.annotationEntry ?? []).map((entry: Node) => text(entry) ?? ''),
      ...(rule.description && !(rule.annotationEntry ?? []).length ? [String(rule.description)] : []),
    ],
  }));
  return {
    id: node.id,
    hitPolicy: hitPolicy as HitPolicy,
    aggregation: node.aggregation ?? undefined,
    outputLabel: node.outputLabel,
    inputs,
    outputs,
    annotations: (node.annotation ?? []).map((column: Node) => String(column.name ?? '')),
    rules,
  };
}

/** Reads one boxed expression; anything the engine cannot evaluate becomes an `unsupported` marker. */
function readExpr(node: Node): Expr | null {
  if (!node) return null;
  switch (node.$type) {
    case 'dmn:LiteralExpression':
      return { kind: 'literal', text: text(node) ?? '', typeRef: node.typeRef };
    case 'dmn:DecisionTable':
      try {
        return { kind: 'table', table: readTable(node) };
      } catch (error) {
        if (error instanceof DmnError) return { kind: 'unsupported', element: error.message, id: node.id };
        throw error;
      }
    case 'dmn:Invocation':
      return {
        kind: 'invocation',
        called: (text(node.calledFunction) ?? '').trim(),
        bindings: (node.binding ?? []).map((binding: Node) => ({
          name: String(binding.parameter?.name ?? ''),
          expr: readExpr(binding.bindingFormula),
        })),
      };
    case 'dmn:Context':
      return {
        kind: 'context',
        entries: (node.contextEntry ?? []).map((entry: Node) => ({
          name: entry.variable?.name ?? null,
          expr: readExpr(entry.value) ?? { kind: 'literal', text: 'null' },
        })),
      };
    case 'dmn:List':
      return {
        kind: 'list',
        items: (node.elements ?? []).map((item: Node) => readExpr(item) ?? literalNull),
      };
    case 'dmn:FunctionDefinition':
      if (node.kind && node.kind !== 'FEEL') {
        return { kind: 'unsupported', element: `function definition of kind ${node.kind}`, id: node.id };
      }
      return {
        kind: 'function',
        params: (node.formalParameter ?? []).map((param: Node) => String(param.name)),
        body: readExpr(node.body),
      };
    default:
      return { kind: 'unsupported', element: String(node.$type).replace(/^dmn:/, ''), id: node.id };
  }
}

const literalNull: Expr = { kind: 'literal', text: 'null' };

function readItemDefinition(node: Node): ItemDefinition {
  return {
    name: String(node.name ?? ''),
    typeRef: typeof node.typeRef === 'string' ? node.typeRef : text(node.typeRef),
    isCollection: Boolean(node.isCollection),
    components: (node.itemComponent ?? []).map(readItemDefinition),
    allowedValues: text(node.allowedValues),
  };
}

const refs = (list: Node[] | undefined, key: string): string[] =>
  (list ?? [])
    .map((item) => item[key]?.href)
    .filter(Boolean)
    .map(hrefId);

/** The definitions element of DMN 1.3 XML; anything else is a `DMN_XML_INVALID` error. */
async function readDefinitions(xml: string): Promise<Node> {
  let root: Node;
  try {
    root = (await new DmnModdle().fromXML(xml, 'dmn:Definitions')).rootElement;
  } catch (error) {
    throw new DmnError('DMN_XML_INVALID', `not a readable DMN 1.3 file: ${(error as Error).message}`);
  }
  if (root?.$type === 'dmn:Definitions') return root;
  const namespace = /<(?:\w+:)?definitions[^>]*\sxmlns(?::\w+)?="([^"]*DMN[^"]*)"/i.exec(xml)?.[1];
  throw new DmnError(
    'DMN_XML_INVALID',
    namespace
      ? `only DMN 1.3 (https://www.omg.org/spec/DMN/20191111/MODEL/) is read; this file is ${namespace}`
      : 'no DMN 1.3 definitions in the file',
  );
}

function addElement(model: DmnModel, element: Node) {
  const base = { id: String(element.id ?? ''), name: String(element.name ?? '') };
  if (element.$type === 'dmn:Decision') {
    model.decisions.push({
      ...base,
      typeRef: element.variable?.typeRef,
      requiredDecisions: refs(element.informationRequirement, 'requiredDecision'),
      requiredInputs: refs(element.informationRequirement, 'requiredInput'),
      requiredKnowledge: refs(element.knowledgeRequirement, 'requiredKnowledge'),
      logic: readExpr(element.decisionLogic),
    });
  } else if (element.$type === 'dmn:InputData') {
    model.inputs.push({ ...base, typeRef: element.variable?.typeRef });
  } else if (element.$type === 'dmn:BusinessKnowledgeModel') {
    const logic = element.encapsulatedLogic;
    model.knowledgeModels.push({
      ...base,
      params: (logic?.formalParameter ?? []).map((p: Node) => ({ name: String(p.name), typeRef: p.typeRef })),
      body: logic?.kind && logic.kind !== 'FEEL' ? unsupportedKind(logic) : readExpr(logic?.body),
      requiredKnowledge: refs(element.knowledgeRequirement, 'requiredKnowledge'),
    });
  } else if (element.$type !== 'dmn:KnowledgeSource') {
    // Decision services and anything newer: kept by name so a decision needing one fails clearly.
    model.unsupported.push({ ...base, element: String(element.$type).replace(/^dmn:/, '') });
  }
}

/** Parses DMN 1.3 XML into the engine's model; malformed XML is a `DMN_XML_INVALID` error. */
export async function parseDmn(xml: string): Promise<DmnModel> {
  const root = await readDefinitions(xml);
  const model: DmnModel = {
    name: String(root.name ?? ''),
    decisions: [],
    inputs: [],
    knowledgeModels: [],
    itemDefinitions: (root.itemDefinition ?? []).map(readItemDefinition),
    unsupported: [],
  };
  for (const element of root.drgElement ?? []) addElement(model, element);
  return model;
}

const unsupportedKind = (logic: Node): Expr => ({
  kind: 'unsupported',
  element: `function definition of kind ${logic.kind}`,
  id: logic.id,
});
