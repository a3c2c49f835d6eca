/**
 * Registering a case on someone's behalf (issue #13): choose the e-service, fill in its form on one
 * page (the resident form's own field components; files are not taken here), then the channel, how
 * the person was identified and their consent. The receipt gives the case number.
 */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { CsrfField, PostForm } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { applicationMessages } from '../../applications/messages.ts';
import { FormField } from '../../applications/views/fields.tsx';
import { inputIdForError } from '../../applications/views/input-id.ts';
import type { LiveService } from '../../catalogue/service.ts';
import { allFields, conditionFieldIds, findField } from '../../forms/conditions.ts';
import type { Answers, Field } from '../../forms/definition.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { codeKey, customerCentreMessages } from '../messages.ts';
import { CUSTOMER_CENTRE_CHANNELS, IDENTIFICATIONS } from '../model.ts';
import {
  CentrePage,
  centreBase,
  errorTexts,
  type FieldErrors,
  InlineError,
  RadioGroup,
  summaryOf,
} from './frame.tsx';

/** The error a service choice shows when none was chosen, for the page's error summary. */
export function serviceChoiceErrors(missing: boolean | undefined): FieldErrors {
  return missing ? [{ field: 'tjanst', message: 'serviceMissing' }] : [];
}

/**
 * The choice of e-service: for a person found (GET with their id), for a personnummer nobody has
 * yet (POST, so the number stays out of addresses and logs), or for no one. Nothing is chosen
 * beforehand, so that a hurried "Fortsätt" cannot register the wrong service; continuing without a
 * choice shows `missing` next to the group.
 */
export function ServiceChoice(props: {
  ctx: PageContext;
  services: LiveService[];
  personId?: string;
  pin?: string;
  missing?: boolean;
}) {
  const { ctx } = props;
  const t = translator(customerCentreMessages, ctx.lang);
  if (props.services.length === 0) return <p>{t('noServices')}</p>;
  const fields = (
    <>
      <RadioGroup
        name="tjanst"
        legend={t('chooseServiceLegend')}
        options={props.services.map((service) => [
          service.slug,
          localized(service.version.definition.title, ctx.lang),
        ])}
        error={props.missing ? t('serviceMissing') : undefined}
        lang={ctx.lang}
      />
      {/* Tells a GET of the choice (no service) from a first visit of the page. */}
      <button type="submit" class="button" name="steg" value="tjanst">
        {t('continue')}
      </button>
    </>
  );
  const action = `${centreBase(ctx)}/registrera`;
  if (props.pin) {
    return (
      <form method="post" action={action} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="ccPin" value={props.pin} />
        {fields}
      </form>
    );
  }
  return (
    <form method="get" action={action}>
      {props.personId && <input type="hidden" name="person" value={props.personId} />}
      {fields}
    </form>
  );
}

/** The page with the service choice only (registering without a personnummer). */
export function ChooseServiceView(props: {
  ctx: PageContext;
  actor: StaffActor;
  services: LiveService[];
  missing?: boolean;
}) {
  const t = translator(customerCentreMessages, props.ctx.lang);
  const errors = summaryOf(errorTexts(serviceChoiceErrors(props.missing), props.ctx.lang));
  return (
    <CentrePage ctx={props.ctx} actor={props.actor} title={t('chooseServiceTitle')} errors={errors}>
      <p>{t('chooseServiceAnonymous')}</p>
      <ServiceChoice ctx={props.ctx} services={props.services} missing={props.missing} />
    </CentrePage>
  );
}

/** Who the case is for: a person from the register, or what the form says. */
export type ShownApplicant = { kind: 'known'; personId: string; name: string } | { kind: 'form' };

export interface RegistrationViewProps {
  ctx: PageContext;
  actor: StaffActor;
  service: LiveService;
  applicant: ShownApplicant;
  /** The customer centre's fields as typed (`cc…`). */
  values: Record<string, unknown>;
  answers: Answers;
  errors: FieldErrors;
}

function ApplicantFields({ props, texts }: { props: RegistrationViewProps; texts: Map<string, string> }) {
  const { ctx, applicant, values } = props;
  const t = translator(customerCentreMessages, ctx.lang);
  const value = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  if (applicant.kind === 'known') {
    return (
      <>
        <p>{t('applicantKnown', { name: applicant.name })}</p>
        <input type="hidden" name="person" value={applicant.personId} />
      </>
    );
  }
  const inputs = [
    ['ccPin', 'applicantPin', 'text'],
    ['ccGivenName', 'givenName', 'text'],
    ['ccFamilyName', 'familyName', 'text'],
    ['ccEmail', 'contactEmail', 'email'],
    ['ccPhone', 'contactPhone', 'text'],
  ] as const;
  return (
    <>
      <p class="hint">{t('applicantHint')}</p>
      {inputs.map(([name, label, type]) => (
        <TextInput
          key={name}
          id={name}
          label={t(label)}
          error={texts.get(name)}
          value={value(name)}
          type={type}
          lang={ctx.lang}
          autocomplete="off"
        />
      ))}
    </>
  );
}

function ServiceFields({ props, texts }: { props: RegistrationViewProps; texts: Map<string, string> }) {
  const { ctx, service, answers } = props;
  const definition = service.version.definition;
  const ta = translator(applicationMessages, ctx.lang);
  const t = translator(customerCentreMessages, ctx.lang);
  // Everything is on one page, so a conditional field is shown with a hint naming what it depends on.
  const hint = (field: Field) => {
    const source = findField(definition, conditionFieldIds(field.showIf)[0] ?? '');
    return field.showIf && source
      ? ta('conditionalHint', { label: localized(source.label, ctx.lang) })
      : undefined;
  };
  return (
    <>
      {definition.steps.map((step) => (
        <section key={step.id} aria-labelledby={`step-${step.id}`}>
          <h3 id={`step-${step.id}`}>{localized(step.title, ctx.lang)}</h3>
          {step.fields.map((field) =>
            field.type === 'file' ? (
              <div class="field" key={field.id}>
                <p id={field.id}>
                  <strong>{localized(field.label, ctx.lang)}</strong>: {t('fileNotice')}
                </p>
                <InlineError id={field.id} message={texts.get(field.id)} lang={ctx.lang} />
              </div>
            ) : (
              <FormField
                key={field.id}
                field={field}
                value={answers[field.id]}
                errors={texts}
                lang={ctx.lang}
                conditionalHint={hint(field)}
                draftUrl=""
              />
            ),
          )}
        </section>
      ))}
    </>
  );
}

/** The registration form: applicant, the service's fields, the contact's channel, identification, consent. */
export function RegistrationView(props: RegistrationViewProps) {
  const { ctx, service, values } = props;
  const t = translator(customerCentreMessages, ctx.lang);
  const texts = errorTexts(props.errors, ctx.lang);
  const fields = allFields(service.version.definition);
  const title = t('registerTitle', { service: localized(service.version.definition.title, ctx.lang) });
  const chosen = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return (
    <CentrePage
      ctx={ctx}
      actor={props.actor}
      title={title}
      errors={summaryOf(texts, (field) => inputIdForError(fields, field))}
    >
      <PostForm action={`${centreBase(ctx)}/registrera/${service.slug}`} csrfToken={ctx.csrfToken}>
        <h2>{t('applicantLegend')}</h2>
        <ApplicantFields props={props} texts={texts} />
        <h2>{t('answersTitle')}</h2>
        <ServiceFields props={props} texts={texts} />
        <h2>{t('contactLegend')}</h2>
        <RadioGroup
          name="ccChannel"
          legend={t('channel')}
          options={CUSTOMER_CENTRE_CHANNELS.map((code) => [code, t(codeKey('channel', code))])}
          value={chosen('ccChannel')}
          error={texts.get('ccChannel')}
          lang={ctx.lang}
        />
        <RadioGroup
          name="ccIdentification"
          legend={t('identification')}
          options={IDENTIFICATIONS.map((code) => [code, t(codeKey('identification', code))])}
          value={chosen('ccIdentification')}
          error={texts.get('ccIdentification')}
          lang={ctx.lang}
        />
        <div class={texts.has('ccConsent') ? 'field has-error' : 'field'}>
          <InlineError id="ccConsent" message={texts.get('ccConsent')} lang={ctx.lang} />
          <div class="choice">
            <input
              type="checkbox"
              id="ccConsent"
              name="ccConsent"
              value="yes"
              checked={values.ccConsent === 'yes'}
              aria-describedby={texts.has('ccConsent') ? 'ccConsent-error' : undefined}
            />
            <label for="ccConsent">{t('consent')}</label>
          </div>
        </div>
        <button type="submit" class="button">
          {t('register')}
        </button>
      </PostForm>
    </CentrePage>
  );
}

/** The receipt: the case number to give the person. */
export function ReceiptView(props: {
  ctx: PageContext;
  actor: StaffActor;
  reference: string;
  personId?: string;
}) {
  const { ctx } = props;
  const t = translator(customerCentreMessages, ctx.lang);
  const base = centreBase(ctx);
  return (
    <CentrePage ctx={ctx} actor={props.actor} title={t('receiptTitle')}>
      <p class="lead">{t('receipt', { reference: props.reference })}</p>
      <ul>
        {props.personId && (
          <li>
            <a href={`${base}/personer/${props.personId}`}>{t('backToPerson')}</a>
          </li>
        )}
        <li>
          <a href={base}>{t('backToStart')}</a>
        </li>
      </ul>
    </CentrePage>
  );
}
