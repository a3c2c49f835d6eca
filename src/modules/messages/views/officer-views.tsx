/** The officer's conversation page (`/{tenant}/handlaggning/arenden/{reference}/meddelanden`). */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { ErrorSummary } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { messageTexts } from '../message-texts.ts';
import type { OfficerThread } from '../service.ts';
import {
  formErrors,
  MessageFormSection,
  type MessageFormState,
  SentNotice,
  Thread,
} from './thread-parts.tsx';

/** `/{tenant}/handlaggning/arenden/{reference}` and its message pages. */
export function officerCasePath(tenantSlug: string, reference: string): string {
  return `/${encodeURIComponent(tenantSlug)}/handlaggning/arenden/${encodeURIComponent(reference)}`;
}

export interface OfficerThreadPageProps {
  ctx: PageContext;
  actor: StaffActor;
  thread: OfficerThread;
  sent: boolean;
  form?: MessageFormState;
}

export function OfficerThreadPage({ ctx, actor, thread, sent, form }: OfficerThreadPageProps) {
  const t = translator(messageTexts, ctx.lang);
  const casePath = officerCasePath(thread.tenant.slug, thread.reference);
  const base = `${casePath}/meddelanden`;
  return (
    <BackOfficeLayout
      ctx={ctx}
      actor={actor}
      title={t('threadTitle', { reference: thread.reference })}
      hasErrors={!!form}
    >
      <p>
        <a href={casePath}>{t('backToCase')}</a>
      </p>
      <ErrorSummary errors={formErrors(form, ctx.lang)} lang={ctx.lang} />
      <SentNotice text={sent && !form ? t('sentOfficer') : undefined} />
      <h1>{t('threadTitle', { reference: thread.reference })}</h1>
      <p class="lead">
        {localized(thread.serviceTitle, ctx.lang)}
        {thread.applicantName && ` · ${t('applicant')}: ${thread.applicantName}`}
      </p>
      <p>{t('threadIntroOfficer')}</p>
      <Thread ctx={ctx} messages={thread.messages} viewer="officer" attachmentBase={`${base}/bilagor`} />
      {thread.canWrite ? (
        <MessageFormSection ctx={ctx} action={base} hint={t('bodyHintOfficer')} state={form} />
      ) : (
        <p class="panel">{t('anonymousApplicant')}</p>
      )}
    </BackOfficeLayout>
  );
}
