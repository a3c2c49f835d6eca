/**
 * A DMN model as accessible HTML (issue #10): each decision with what it requires, its decision
 * table (caption with the decision and hit policy; column headers with type and allowed values; one
 * row per rule with its number, entries, outputs and annotations), and the knowledge models.
 */
import { type Language, translator } from '../../../platform/i18n/i18n.ts';
import type { DecisionTable, DmnModel, Expr } from '../../decision-rules/dmn-model.ts';
import { type RulesMessageKey, rulesMessages } from '../messages.ts';

const HIT_MEANING: Record<string, RulesMessageKey> = {
  UNIQUE: 'hitUnique',
  FIRST: 'hitFirst',
  PRIORITY: 'hitPriority',
  ANY: 'hitAny',
  COLLECT: 'hitCollect',
  'COLLECT SUM': 'hitCollectSum',
  'COLLECT MIN': 'hitCollectMin',
  'COLLECT MAX': 'hitCollectMax',
  'COLLECT COUNT': 'hitCollectCount',
  'RULE ORDER': 'hitRuleOrder',
  'OUTPUT ORDER': 'hitOutputOrder',
};

/** The hit policy as DMN writes it, with its aggregation: `COLLECT SUM`. */
export function policyOf(table: DecisionTable): string {
  return table.aggregation ? `${table.hitPolicy} ${table.aggregation}` : table.hitPolicy;
}

function ColumnFacts({ parts }: { parts: (string | false | undefined)[] }) {
  const shown = parts.filter((part): part is string => Boolean(part));
  return (
    <>
      {/* The space keeps label and facts apart in the header's accessible name (a <br> adds none). */} <br />
      <span class="column-facts">{shown.join(' · ')}</span>
    </>
  );
}

/** One decision table. */
export function DecisionTableView(props: { table: DecisionTable; name: string; lang: Language }) {
  const { table, name, lang } = props;
  const t = translator(rulesMessages, lang);
  const policy = policyOf(table);
  const type = (typeRef: string | undefined) => (typeRef ? t('typeText', { type: typeRef }) : t('untyped'));
  return (
    <div class="table-scroll">
      <table class="data dmn-table">
        <caption>
          {t('tableCaption', { name, policy, meaning: t(HIT_MEANING[policy] ?? 'hitUnique') })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('colRow')}</th>
            {table.inputs.map((input, i) => (
              <th scope="col" key={`in${i}`}>
                {t('inputColumn', { label: input.label })}
                <ColumnFacts
                  parts={[
                    input.expression !== input.label && t('expressionText', { expression: input.expression }),
                    type(input.typeRef),
                    input.inputValues && t('allowedText', { values: input.inputValues }),
                  ]}
                />
              </th>
            ))}
            {table.outputs.map((output, i) => (
              <th scope="col" key={`out${i}`}>
                {t('outputColumn', { name: output.name })}
                <ColumnFacts
                  parts={[
                    type(output.typeRef),
                    output.outputValues && t('allowedText', { values: output.outputValues }),
                    output.defaultOutput && t('defaultText', { value: output.defaultOutput }),
                  ]}
                />
              </th>
            ))}
            {table.annotations.map((annotation, i) => (
              <th scope="col" key={`note${i}`}>
                {t('annotationColumn', { name: annotation || String(i + 1) })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rules.map((rule) => (
            <tr key={rule.index}>
              <th scope="row">{rule.index}</th>
              {table.inputs.map((_, i) => (
                <td key={`in${i}`}>
                  <code>{rule.inputEntries[i] ?? '-'}</code>
                </td>
              ))}
              {table.outputs.map((_, i) => (
                <td key={`out${i}`}>
                  <code>{rule.outputEntries[i] ?? ''}</code>
                </td>
              ))}
              {table.annotations.map((_, i) => (
                <td key={`note${i}`}>{rule.annotations[i] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EXPR_KIND: Partial<Record<Expr['kind'], RulesMessageKey>> = {
  context: 'exprContext',
  list: 'exprList',
  invocation: 'exprInvocation',
  function: 'exprFunction',
};

/** A decision's or knowledge model's logic: a table, an expression, or a note of what it is. */
function Logic({ expr, name, lang }: { expr: Expr | null; name: string; lang: Language }) {
  const t = translator(rulesMessages, lang);
  if (!expr) return null;
  if (expr.kind === 'table') return <DecisionTableView table={expr.table} name={name} lang={lang} />;
  if (expr.kind === 'literal') {
    return (
      <p>
        {t('literalExpression')}: <code>{expr.text}</code>
      </p>
    );
  }
  if (expr.kind === 'function') return <Logic expr={expr.body} name={name} lang={lang} />;
  const kind =
    expr.kind === 'unsupported'
      ? t('exprUnsupported', { element: expr.element })
      : t(EXPR_KIND[expr.kind] ?? 'exprContext');
  return <p>{t('otherExpression', { kind })}</p>;
}

function NameList({ names, lang }: { names: string[]; lang: Language }) {
  if (names.length === 0) return <>{translator(rulesMessages, lang)('none')}</>;
  return <>{names.join(', ')}</>;
}

/** Every decision of a model, then its business knowledge models. */
export function ModelDecisions({ model, lang }: { model: DmnModel; lang: Language }) {
  const t = translator(rulesMessages, lang);
  const nameOf = (id: string) =>
    model.decisions.find((d) => d.id === id)?.name ??
    model.inputs.find((i) => i.id === id)?.name ??
    model.knowledgeModels.find((k) => k.id === id)?.name ??
    id;
  return (
    <>
      {model.decisions.map((decision, i) => (
        <section key={decision.id} aria-labelledby={`beslut-${i + 1}`}>
          <h3 id={`beslut-${i + 1}`}>{t('decisionHeading', { name: decision.name })}</h3>
          <dl class="summary-list">
            <div>
              <dt>{t('requiredDecisions')}</dt>
              <dd>
                <NameList names={decision.requiredDecisions.map(nameOf)} lang={lang} />
              </dd>
            </div>
            <div>
              <dt>{t('requiredInputs')}</dt>
              <dd>
                <NameList names={decision.requiredInputs.map(nameOf)} lang={lang} />
              </dd>
            </div>
            <div>
              <dt>{t('requiredKnowledge')}</dt>
              <dd>
                <NameList names={decision.requiredKnowledge.map(nameOf)} lang={lang} />
              </dd>
            </div>
          </dl>
          <Logic expr={decision.logic} name={decision.name} lang={lang} />
        </section>
      ))}
      <h3>{t('knowledgeTitle')}</h3>
      {model.knowledgeModels.length === 0 && <p>{t('noKnowledge')}</p>}
      {model.knowledgeModels.map((bkm, i) => (
        <section key={bkm.id} aria-labelledby={`bkm-${i + 1}`}>
          <h4 id={`bkm-${i + 1}`}>{t('bkmHeading', { name: bkm.name })}</h4>
          <p>
            {t('parameters')}:{' '}
            <NameList
              names={bkm.params.map((param) =>
                param.typeRef ? `${param.name} (${param.typeRef})` : param.name,
              )}
              lang={lang}
            />
          </p>
          <Logic expr={bkm.body} name={bkm.name} lang={lang} />
        </section>
      ))}
    </>
  );
}
