/** Small shared design-system components. */
import type { ComponentChildren } from 'preact';
import { common } from '../platform/i18n/common-messages.ts';
import { type Language, translator } from '../platform/i18n/i18n.ts';

export interface SummaryError {
  /** The id of the input to move focus to. */
  href: string;
  message: string;
}

/** GOV.UK-style error summary at the top of a form, linking to each field. */
export function ErrorSummary({ errors, lang }: { errors: SummaryError[]; lang: Language }) {
  if (errors.length === 0) return null;
  const t = translator(common, lang);
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t('errorSummaryTitle')}</h2>
      <ul>
        {errors.map((error) => (
          <li key={error.href}>
            <a href={`#${error.href}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField({ token }: { token: string | undefined }) {
  return <input type="hidden" name="_csrf" value={token ?? ''} />;
}

/** A POST form with its CSRF token. */
export function PostForm(props: {
  action: string;
  csrfToken: string | undefined;
  children: ComponentChildren;
  class?: string;
  multipart?: boolean;
}) {
  return (
    <form
      method="post"
      action={props.action}
      class={props.class}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      noValidate
    >
      <CsrfField token={props.csrfToken} />
      {props.children}
    </form>
  );
}

/**
 * The tag's tone for a case status category: decided and closed are done, waiting for the
 * resident asks something of them, everything else is neutral.
 */
export function statusTone(category: string): 'neutral' | 'ok' | 'wait' {
  if (category === 'decided' || category === 'closed') return 'ok';
  return category === 'waitingForResident' ? 'wait' : 'neutral';
}

/** A status tag (plain language status on My Pages). */
export function Tag({ children, tone }: { children: ComponentChildren; tone?: 'neutral' | 'ok' | 'wait' }) {
  return <strong class={`tag tag-${tone ?? 'neutral'}`}>{children}</strong>;
}

/**
 * A data table (`table.data`): its caption, one header row of column headings and the rows the
 * caller gives. The caption may be visually hidden (`captionClass`) or hold a heading.
 */
export function DataTable(props: {
  caption: ComponentChildren;
  captionClass?: string;
  columns: readonly string[];
  children: ComponentChildren;
}) {
  return (
    <table class="data">
      <caption class={props.captionClass}>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((label) => (
            <th scope="col" key={label}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** A phone number as a link that calls it: one tap on a phone (`tel:`, digits and a leading +). */
export function PhoneLink({ phone }: { phone: string }) {
  return <a href={`tel:${phone.replace(/[^0-9+]/g, '')}`}>{phone}</a>;
}

/** An e-mail address as a link that writes to it. */
export function EmailLink({ email }: { email: string }) {
  return <a href={`mailto:${email}`}>{email}</a>;
}

/** A sentence with the customer centre's `{phone}` and `{email}` as links. */
export function withContactLinks(template: string, contact: { phone: string; email: string }) {
  return fillNodes(template, {
    phone: <PhoneLink phone={contact.phone} />,
    email: <EmailLink email={contact.email} />,
  });
}

/**
 * Texts the municipality writes are in Swedish only: knowledge-base questions and answers, their
 * topics, directory descriptions, opening hours. On a page in another language they are marked
 * `lang="sv"` (WCAG 3.1.2 Language of Parts), so that a screen reader reads them as Swedish. On a
 * Swedish page the attribute would only repeat the page's, so it is left out.
 */
export const CONTENT_LANGUAGE: Language = 'sv';

export function contentLang(ctx: { lang: Language }): Language | undefined {
  return ctx.lang === CONTENT_LANGUAGE ? undefined : CONTENT_LANGUAGE;
}

/** A run of the municipality's own (Swedish) text inside a sentence or a value: see `contentLang`. */
export function ContentText({ ctx, children }: { ctx: { lang: Language }; children: ComponentChildren }) {
  return <span lang={contentLang(ctx)}>{children}</span>;
}

/**
 * A translated sentence whose `{name}` placeholders are nodes (a link inside the sentence): the
 * template comes from the catalogue with those placeholders left unfilled. A placeholder without a
 * value stays as written, as `translate` leaves it.
 */
export function fillNodes(template: string, values: Record<string, ComponentChildren>): ComponentChildren[] {
  return template
    .split(/\{(\w+)\}/)
    .map((part, index) => (index % 2 === 0 ? part : part in values ? values[part] : `{${part}}`));
}
