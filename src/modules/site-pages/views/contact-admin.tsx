/**
 * The administrators' contact details form, `/{tenant}/handlaggning/admin/kontakt` (issue #13). A
 * refused form comes back with each error next to its field and in the summary, and what was typed.
 */
import { translator } from '../../../platform/i18n/i18n.ts';
import { PostForm, type SummaryError } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { contactErrorKey, sitePagesMessages } from '../messages.ts';
import type { ContactInput } from '../model.ts';

const FIELDS = ['phone', 'email', 'visitingAddress', 'openingHours', 'address'] as const;
const HINTS = { address: 'adminAddressHint', openingHours: 'adminOpeningHoursHint' } as const;

/** The form. */
export function ContactAdminView(props: {
  ctx: PageContext;
  actor: StaffActor;
  values: ContactInput;
  errors: { field: string; message: string }[];
  notice?: string;
}) {
  const { ctx } = props;
  const tr = translator(sitePagesMessages, ctx.lang);
  const errorOf = (field: (typeof FIELDS)[number]) => {
    const error = props.errors.find((candidate) => candidate.field === field);
    const name = tr(field);
    return error
      ? tr(contactErrorKey(error.message), { field: name.charAt(0).toLowerCase() + name.slice(1) })
      : undefined;
  };
  const summaryErrors: SummaryError[] = FIELDS.flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ href: field, message }] : [];
  });
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('adminContactTitle')}
      section="contact"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={summaryErrors}
    >
      <p>{tr('adminContactIntro')}</p>
      <p>
        <a href={`/${ctx.tenant?.slug ?? ''}/kontakt`}>{tr('adminContactPublic')}</a>
      </p>
      <PostForm action={`${adminBase(ctx)}/kontakt`} csrfToken={ctx.csrfToken}>
        {FIELDS.map((field) => {
          const hint = field === 'address' || field === 'openingHours' ? tr(HINTS[field]) : undefined;
          return (
            <TextInput
              key={field}
              id={field}
              label={tr(field)}
              hint={hint}
              error={errorOf(field)}
              value={props.values[field] ?? ''}
              lang={ctx.lang}
              type={field === 'email' ? 'email' : 'text'}
            />
          );
        })}
        <button type="submit" class="button">
          {tr('save')}
        </button>
      </PostForm>
    </AdminPage>
  );
}
