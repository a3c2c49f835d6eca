import { translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { ErrorSummary } from '../../../web/components.tsx';
import { type OfficerMessageKey, officerMessages } from '../messages.ts';
import { type SecrecyMessageKey, secrecyMessages } from '../secrecy-messages.ts';
import { REVEAL_MINUTES } from '../secrecy-model.ts';
import { Answers } from './answers-section.tsx';
import { AssignmentPanel, CompletionPanel, NotePanel, StatusPanel } from './case-panels.tsx';
import { Facts, History } from './case-record.tsx';
import {
  type CaseFormErrors,
  errorFor,
  errorInputId,
  type OfficerCaseViewProps,
} from './case-view-props.tsx';
import { MovePanel } from './move-panel.tsx';
import { SharePanel } from './share-panel.tsx';

export type { CaseFormErrors, OfficerCaseViewProps };

/** The whole case page. */
export function OfficerCaseView(props: OfficerCaseViewProps) {
  const { ctx, actor, details, refused, notice } = props;
  const t = translator(officerMessages, ctx.lang);
  const summary = refused
    ? refused.errors.map((error) => ({
        href: errorInputId(refused, error.field),
        message: errorFor(props, refused.form, error.field) ?? t('invalid'),
      }))
    : [];
  return (
    <BackOfficeLayout
      ctx={ctx}
      actor={actor}
      title={t('caseTitle', { reference: details.case.reference })}
      hasErrors={!!refused}
    >
      <p>
        <a href={`/${ctx.tenant?.slug}/handlaggning/`}>{t('backToQueue')}</a>
      </p>
      <ErrorSummary errors={summary} lang={ctx.lang} />
      {notice && (
        <div class="notice" role="status">
          <p>
            {notice in secrecyMessages.sv
              ? translator(secrecyMessages, ctx.lang)(notice as SecrecyMessageKey, {
                  minutes: REVEAL_MINUTES,
                })
              : t(notice as OfficerMessageKey)}
          </p>
        </div>
      )}
      <h1>{t('caseTitle', { reference: details.case.reference })}</h1>
      <div class="case-columns">
        <div>
          <Facts {...props} />
          {props.faultReportSection}
          {props.decisionSection}
          <Answers {...props} />
          <History {...props} />
        </div>
        <div>
          <AssignmentPanel {...props} />
          {/* A unit the case is shared with reads it and writes notes; the handling stays with the owner. */}
          {details.secrecy.access === 'unit' && <StatusPanel {...props} />}
          <CompletionPanel {...props} />
          {props.messagesSection}
          <NotePanel {...props} />
          <SharePanel {...props} />
          <MovePanel {...props} />
        </div>
      </div>
    </BackOfficeLayout>
  );
}
