/** The profile page: e-ID details read-only, contact details editable with inline errors and a summary. */

import { translator } from '../../../platform/i18n/i18n.ts';
import { formatPersonalIdentityNumber } from '../../../platform/identity/model.ts';
import { ErrorSummary, PostForm } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { profileMessages } from '../messages.ts';
import type { ContactField, ContactProblem, Profile } from '../model.ts';

type Key = keyof (typeof profileMessages)['sv'];
type T = (key: Key) => string;

/** The form's values as typed (redisplayed after a validation error). */
export type ContactFormValues = Record<ContactField, string>;

export interface ProfilePageProps {
  ctx: PageContext;
  profile: Profile;
  values: ContactFormValues;
  errors: Map<ContactField, ContactProblem>;
  saved: boolean;
}

/** Form values for a stored profile. */
export function formValuesOf(profile: Profile): ContactFormValues {
  return {
    email: profile.email ?? '',
    phone: profile.phone ?? '',
    street: profile.address?.street ?? '',
    postalCode: profile.address?.postalCode ?? '',
    city: profile.address?.city ?? '',
  };
}

interface InputProps {
  field: ContactField;
  type: 'text' | 'email' | 'tel';
  autocomplete: string;
  hint?: Key;
  short?: boolean;
  optional?: boolean;
  props: ProfilePageProps;
  t: T;
}

function Input({ field, type, autocomplete, hint, short, optional, props, t }: InputProps) {
  const problem = props.errors.get(field);
  const describedBy =
    [hint && `${field}-hint`, problem && `${field}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={problem ? 'field has-error' : 'field'}>
      <label for={field}>
        {t(field)}
        {optional && <span class="muted"> {t('optional')}</span>}
      </label>
      {hint && (
        <p class="hint" id={`${field}-hint`}>
          {t(hint)}
        </p>
      )}
      {problem && (
        <p class="error-message" id={`${field}-error`}>
          <span class="visually-hidden">{t('errorPrefix')} </span>
          {t(problem)}
        </p>
      )}
      <input
        // Preact's typings discriminate inputs by a literal `type`; every value here is a plain text-like input.
        type={type as 'text'}
        id={field}
        name={field}
        value={props.values[field]}
        autocomplete={autocomplete}
        spellcheck={false}
        class={short ? 'short' : undefined}
        inputMode={field === 'postalCode' ? 'numeric' : undefined}
        aria-describedby={describedBy}
        aria-invalid={problem ? 'true' : undefined}
      />
    </div>
  );
}

function EidDetails({ profile, t }: { profile: Profile; t: T }) {
  return (
    <section aria-labelledby="eid-title">
      <h2 id="eid-title">{t('fromEidTitle')}</h2>
      <p>{t('fromEidText')}</p>
      <dl class="summary-list">
        <div>
          <dt>{t('name')}</dt>
          <dd>{`${profile.givenName} ${profile.familyName}`}</dd>
        </div>
        <div>
          <dt>{t('personalIdentityNumber')}</dt>
          <dd>{formatPersonalIdentityNumber(profile.personalIdentityNumber)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** GET/POST /mina-sidor/profil. */
export function ProfilePage(props: ProfilePageProps) {
  const { ctx, errors } = props;
  const t = translator(profileMessages, ctx.lang);
  const summary = [...errors].map(([field, problem]) => ({ href: field, message: t(problem) }));
  const common = { props, t };
  return (
    <Layout ctx={ctx} title={t('title')} hasErrors={errors.size > 0}>
      <ErrorSummary errors={summary} lang={ctx.lang} />
      {props.saved && (
        <p class="notice" role="status">
          {t('saved')}
        </p>
      )}
      <h1>{t('title')}</h1>
      <p class="lead">{t('intro')}</p>
      <EidDetails profile={props.profile} t={t} />
      <h2>{t('contactTitle')}</h2>
      <PostForm action="/mina-sidor/profil" csrfToken={ctx.csrfToken}>
        <Input field="email" type="email" autocomplete="email" hint="emailHint" optional {...common} />
        <Input field="phone" type="tel" autocomplete="tel" hint="phoneHint" optional {...common} />
        <fieldset class="field" aria-describedby="address-hint">
          <legend>
            {t('address')}
            <span class="muted"> {t('optional')}</span>
          </legend>
          <p class="hint" id="address-hint">
            {t('addressHint')}
          </p>
          <Input field="street" type="text" autocomplete="address-line1" {...common} />
          <Input field="postalCode" type="text" autocomplete="postal-code" short {...common} />
          <Input field="city" type="text" autocomplete="address-level2" {...common} />
        </fieldset>
        <div class="button-row">
          <button type="submit" class="button">
            {t('save')}
          </button>
        </div>
      </PostForm>
    </Layout>
  );
}
