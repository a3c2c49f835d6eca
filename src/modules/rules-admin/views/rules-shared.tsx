/** Pieces every decision rules page shares: the frame, outcomes, values and version states in words. */
import type { ComponentChildren } from 'preact';
import { formatDate, type Language, translator } from '../../../platform/i18n/i18n.ts';
import type { SummaryError } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { ProposedOutcome } from '../../forms/definition.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { type RulesMessageKey, rulesMessages } from '../messages.ts';
import type { RulesVersion } from '../service.ts';
import type { SimulatedOutcome } from '../simulation-model.ts';

/** The rules pages' base path in the page's tenant. */
export function rulesBase(ctx: PageContext): string {
  return `${adminBase(ctx)}/regler`;
}

/** A version's page. */
export function versionPath(ctx: PageContext, slug: string, versionId: string): string {
  return `${rulesBase(ctx)}/${slug}/versioner/${versionId}`;
}

/** One decision rules page in the administration frame. */
export function RulesPage(props: {
  ctx: PageContext;
  actor: StaffActor;
  title: string;
  notice?: string;
  errors?: SummaryError[];
  children: ComponentChildren;
}) {
  return (
    <AdminPage
      ctx={props.ctx}
      actor={props.actor}
      title={props.title}
      section="rules"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={props.errors ?? []}
    >
      {props.children}
    </AdminPage>
  );
}

const OUTCOME_KEYS: Record<ProposedOutcome, RulesMessageKey> = {
  granted: 'outcomeGranted',
  partlyGranted: 'outcomePartlyGranted',
  rejected: 'outcomeRejected',
  dismissed: 'outcomeDismissed',
  manual: 'outcomeManual',
};

/** A proposed outcome in words. */
export function outcomeText(outcome: ProposedOutcome, lang: Language): string {
  return translator(rulesMessages, lang)(OUTCOME_KEYS[outcome]);
}

/** A simulated outcome in words: the outcome, or "no proposal (CODE)". */
export function simulatedText(outcome: SimulatedOutcome, lang: Language): string {
  const t = translator(rulesMessages, lang);
  if (outcome.outcome) return outcomeText(outcome.outcome, lang);
  if (outcome.error === 'NO_RULES') return t('outcomeNoRules');
  return t('outcomeNone', { code: outcome.error ?? '' });
}

/** A FEEL value as an admin reads it. */
export function valueText(value: unknown, lang: Language): string {
  const t = translator(rulesMessages, lang);
  if (value === null || value === undefined || value === '') return t('emptyValue');
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
  if (typeof value === 'number') return value.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB');
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    Object.getPrototypeOf(value) !== Object.prototype &&
    !Array.isArray(value)
  ) {
    return String(value);
  }
  return JSON.stringify(value);
}

/** Where a version stands, in words. */
export function stateText(version: RulesVersion, lang: Language): string {
  const t = translator(rulesMessages, lang);
  switch (version.state) {
    case 'draft':
      return t('stateDraft');
    case 'live':
      return t('stateLive');
    case 'scheduled':
      return t('stateScheduled', {
        date: version.publishedFrom ? formatDate(version.publishedFrom, lang) : '',
      });
    case 'superseded':
      return t('stateSuperseded');
    case 'retired':
      return t('stateRetired');
  }
}
