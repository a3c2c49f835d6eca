/**
 * The data protection officer's contact details form, `/{tenant}/handlaggning/dataskydd/
 * dataskyddsombud` (issue #14). A refused form comes back with each error next to its field and in
 * the summary, and what was typed.
 */
import { translator } from '../../../platform/i18n/i18n.ts';
import { PostForm, type SummaryError } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import type { DpoInput } from '../contact-model.ts';
import { dpoErrorKey, privacyMessages } from '../messages.ts';
import { PrivacyFrame, privacyBase } from './privacy-frame.tsx';

const FIELDS = ['email', 'phone', 'address'] as const;

/** The form. */
export function DpoContactView(props: {
  ctx: PageContext;
  actor: StaffActor;
  values: DpoInput;
  errors: { field: string; message: string }[];
  notice?: string;
}) {
  const { ctx } = props;
  const t = translator(privacyMessages, ctx.lang);
  const errorOf = (field: (typeof FIELDS)[number]) => {
    const error = props.errors.find((candidate) => candidate.field === field);
    return error ? t(dpoErrorKey(error.message)) : undefined;
  };
  const summary: SummaryError[] = FIELDS.flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ href: field, message }] : [];
  });
  return (
    <PrivacyFrame
      ctx={ctx}
      actor={props.actor}
      title={t('dpoTitle')}
      section="dpo"
      notice={props.notice}
      errors={summary}
    >
      <p>{t('dpoIntro')}</p>
      <PostForm action={`${privacyBase(ctx)}/dataskyddsombud`} csrfToken={ctx.csrfToken}>
        {FIELDS.map((field) => (
          <TextInput
            key={field}
            id={field}
            label={field === 'email' ? t(field) : t('optionalLabel', { label: t(field) })}
            error={errorOf(field)}
            value={props.values[field] ?? ''}
            lang={ctx.lang}
            type={field === 'email' ? 'email' : 'text'}
          />
        ))}
        <button type="submit" class="button">
          {t('save')}
        </button>
      </PostForm>
    </PrivacyFrame>
  );
}
