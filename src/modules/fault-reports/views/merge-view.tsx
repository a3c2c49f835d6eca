/** The officer's merge page (`/{tenant}/handlaggning/arenden/{reference}/sammanfoga`, decision 0018). */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { ErrorSummary, PostForm } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { LocalizedText } from '../../forms/definition.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { type FaultReportMessageKey, faultReportMessages } from '../messages.ts';
import type { DuplicatePanel } from '../service.ts';
import { OfficerDuplicates } from './panels-views.tsx';

export interface MergePageProps {
  ctx: PageContext;
  actor: StaffActor;
  reference: string;
  category: LocalizedText;
  panel: DuplicatePanel;
  statusName: (statusId: string) => LocalizedText | undefined;
  caseHrefOf: (reference: string) => string;
  /** What the "kept case" field holds (from `?med=` or the refused form). */
  into: string;
  /** A refused merge: the message key beside the field. */
  problem?: FaultReportMessageKey;
}

/** The confirmation step: what happens, the kept case's number, and the button (posts, then redirects). */
export function MergePage(props: MergePageProps) {
  const { ctx, reference, problem } = props;
  const t = translator(faultReportMessages, ctx.lang);
  const title = t('mergePageTitle', { reference });
  const caseHref = props.caseHrefOf(reference);
  return (
    <BackOfficeLayout ctx={ctx} actor={props.actor} title={title} hasErrors={Boolean(problem)}>
      <p>
        <a href={caseHref}>{t('backToCase')}</a>
      </p>
      <ErrorSummary errors={problem ? [{ href: 'into', message: t(problem) }] : []} lang={ctx.lang} />
      <h1>{title}</h1>
      <p>{t('mergeExplain', { reference })}</p>
      <dl class="summary-list">
        <div>
          <dt>{t('officerCategory')}</dt>
          <dd>{localized(props.category, ctx.lang)}</dd>
        </div>
      </dl>
      <PostForm action={`${caseHref}/sammanfoga`} csrfToken={ctx.csrfToken}>
        <TextInput
          id="into"
          label={t('mergeInto')}
          hint={t('mergeIntoHint')}
          value={props.into}
          error={problem ? t(problem) : undefined}
          lang={ctx.lang}
        />
        <div class="button-row">
          <button type="submit" class="button">
            {t('mergeButton', { reference })}
          </button>
          <a href={caseHref}>{t('mergeCancel')}</a>
        </div>
      </PostForm>
      <OfficerDuplicates
        ctx={ctx}
        panel={props.panel}
        statusName={props.statusName}
        caseHrefOf={props.caseHrefOf}
        mergeHref={undefined}
      />
    </BackOfficeLayout>
  );
}
