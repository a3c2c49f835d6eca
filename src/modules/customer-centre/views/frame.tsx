/** The customer centre pages' frame and their small form parts (issue #13). */
import type { ComponentChildren } from 'preact';
import { type Language, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { ErrorSummary, type SummaryError } from '../../../web/components.tsx';
import { FieldGroup } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { customerCentreMessages, errorKey } from '../messages.ts';

/** The customer centre's base path in the page's tenant. */
export function centreBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug ?? ''}/handlaggning/kundcenter`;
}

/** A refused form's field errors, as codes (the customer centre's) or texts (a service's answers). */
export type FieldErrors = { field: string; message: string }[];

/** Field errors in words, keyed by input name (what the inputs and the summary show). */
export function errorTexts(errors: FieldErrors, lang: Language): Map<string, string> {
  const t = translator(customerCentreMessages, lang);
  const texts = new Map<string, string>();
  for (const error of errors) {
    const key = errorKey(error.message);
    if (!texts.has(error.field)) texts.set(error.field, key ? t(key) : error.message);
  }
  return texts;
}

/** One customer-centre page: title, notice, error summary, content. */
export function CentrePage(props: {
  ctx: PageContext;
  actor: StaffActor;
  title: string;
  errors?: SummaryError[];
  notice?: string;
  children: ComponentChildren;
}) {
  const errors = props.errors ?? [];
  return (
    <BackOfficeLayout ctx={props.ctx} actor={props.actor} title={props.title} hasErrors={errors.length > 0}>
      <h1>{props.title}</h1>
      <ErrorSummary errors={errors} lang={props.ctx.lang} />
      {props.notice && (
        <div class="notice" role="status">
          <p>{props.notice}</p>
        </div>
      )}
      {props.children}
    </BackOfficeLayout>
  );
}

/** A message next to its field. */
export function InlineError({ id, message, lang }: { id: string; message?: string; lang: Language }) {
  if (!message) return null;
  return (
    <p class="error-message" id={`${id}-error`}>
      <span class="visually-hidden">{lang === 'sv' ? 'Fel: ' : 'Error: '}</span>
      {message}
    </p>
  );
}

/** A group of radio buttons; the first input's id is the name, so the summary can link to it. */
export function RadioGroup(props: {
  name: string;
  legend: string;
  options: [string, string][];
  value?: string;
  error?: string;
  lang: Language;
}) {
  const { name } = props;
  return (
    <FieldGroup id={name} legend={props.legend} error={props.error} lang={props.lang}>
      {props.options.map(([value, text], index) => {
        const id = index === 0 ? name : `${name}-${index}`;
        return (
          <div class="choice" key={value}>
            <input type="radio" id={id} name={name} value={value} checked={props.value === value} />
            <label for={id}>{text}</label>
          </div>
        );
      })}
    </FieldGroup>
  );
}

/** Summary links for field errors (the input id is the field name, or its first part). */
export function summaryOf(texts: Map<string, string>, inputId: (field: string) => string = (f) => f) {
  return [...texts].map(([field, message]) => ({ href: inputId(field), message }));
}
