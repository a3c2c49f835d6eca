/** The "Prova" form (one field per input data) and its result: outcome, answer, rows, explanation. */
import { type Language, localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { Select, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { rulesMessages } from '../messages.ts';
import type { TryResult } from '../service.ts';
import type { TryField } from '../try-model.ts';
import { outcomeText, valueText } from './rules-shared.tsx';

function hintOf(field: TryField, lang: Language): string {
  const t = translator(rulesMessages, lang);
  const type = field.typeRef ?? t('untyped');
  if (field.kind === 'number') return t('tryHintNumber', { type });
  if (field.kind === 'feel') return t('tryHintFeel', { type });
  if (field.kind === 'text') return t('tryHintText', { type });
  return t('tryHintChoice', { type });
}

function TryInputField(props: { field: TryField; value: string; error?: string; lang: Language }) {
  const { field, value, error, lang } = props;
  const t = translator(rulesMessages, lang);
  const common = { id: field.name, label: field.inputName, hint: hintOf(field, lang), error, value, lang };
  if (field.kind === 'boolean' || field.kind === 'choice') {
    const options: [string, string][] =
      field.kind === 'boolean'
        ? [
            ['true', t('yes')],
            ['false', t('no')],
          ]
        : field.options.map((option) => [option, option]);
    return <Select {...common} options={[['', t('emptyChoice')], ...options]} />;
  }
  return <TextInput {...common} />;
}

export interface TryFormProps {
  ctx: PageContext;
  action: string;
  fields: TryField[];
  result?: TryResult;
}

/** The form; what was typed stays, with each error beside its field. */
export function TryForm({ ctx, action, fields, result }: TryFormProps) {
  const t = translator(rulesMessages, ctx.lang);
  if (fields.length === 0) return <p>{t('tryNoFields')}</p>;
  const errorOf = (name: string) => {
    const found = result?.input.errors.find((error) => error.field === name);
    return found ? t(found.message) : undefined;
  };
  return (
    <PostForm action={action} csrfToken={ctx.csrfToken}>
      {fields.map((field) => (
        <TryInputField
          key={field.name}
          field={field}
          value={result?.input.values[field.name] ?? ''}
          error={errorOf(field.name)}
          lang={ctx.lang}
        />
      ))}
      <button type="submit" class="button">
        {t('tryButton')}
      </button>
    </PostForm>
  );
}

/** The result of a try that could be evaluated (or the engine's error). */
export function TryResultView({ ctx, result }: { ctx: PageContext; result: TryResult }) {
  const t = translator(rulesMessages, ctx.lang);
  const { proposal, error } = result;
  if (!proposal && !error) return null;
  const failure = error ?? proposal?.error;
  return (
    <section aria-labelledby="resultat" class="panel" id="resultat-panel">
      <h3 id="resultat">{t('resultTitle')}</h3>
      <dl class="summary-list">
        <div>
          <dt>{t('resultOutcome')}</dt>
          <dd>
            {proposal?.outcome
              ? outcomeText(proposal.outcome, ctx.lang)
              : `${t('resultError')}: ${failure?.code ?? ''}`}
            {failure && <p class="hint">{failure.message}</p>}
          </dd>
        </div>
        {proposal && (
          <>
            <div>
              <dt>{t('resultValue')}</dt>
              <dd>{valueText(proposal.value, ctx.lang)}</dd>
            </div>
            <div>
              <dt>{t('resultExplanation')}</dt>
              <dd>
                {proposal.explanation ? localized(proposal.explanation, ctx.lang) : t('resultNoExplanation')}
              </dd>
            </div>
            <div>
              <dt>{t('resultRows')}</dt>
              <dd>
                <ul>
                  {proposal.tables.map((table, i) => (
                    <li key={`${table.decision}-${i}`}>
                      {t('rowsOf', {
                        table: table.decision,
                        policy: table.hitPolicy,
                        rows:
                          table.rows.length === 0
                            ? t('noRows')
                            : table.rows
                                .map(
                                  (row) =>
                                    `${t('rowNumber', { row: row.row })} → ${Object.entries(row.outputs)
                                      .map(([name, value]) => `${name}: ${valueText(value, ctx.lang)}`)
                                      .join(', ')}`,
                                )
                                .join('; '),
                      })}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
            <div>
              <dt>{t('resultInputs')}</dt>
              <dd>
                <ul>
                  {Object.entries(proposal.inputs).map(([name, value]) => (
                    <li key={name}>
                      {name}: {valueText(value, ctx.lang)}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          </>
        )}
      </dl>
    </section>
  );
}
