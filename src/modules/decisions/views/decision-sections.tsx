/** The decision sections of the officer's case page and of the resident's case page on My Pages. */
import { formatDate, type Language, localized, translator } from '../../../platform/i18n/i18n.ts';
import { Tag } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { isDecidedOrClosed } from '../../cases/workflow.ts';
import type { StatusCategoryName } from '../../forms/definition.ts';
import { decisionMessages } from '../messages.ts';
import { outcomeLabel, residentOutcomeText, supersededIds } from '../model.ts';
import { reviewMessages } from '../review-messages.ts';
import type { DecisionRecord } from '../service.ts';
import { AutomaticDecisionFacts } from './review-sections.tsx';

export interface OfficerDecisionSectionProps {
  ctx: PageContext;
  tenantSlug: string;
  reference: string;
  /** Newest first, as `decisions.decisionsOfCase` returns them. */
  decisions: DecisionRecord[];
  /** Whether the actor may decide in this case (assigned officer or unit lead). */
  canDecide: boolean;
  caseCategory: StatusCategoryName;
}

function decidedOnOf(decisions: DecisionRecord[], id: string | null, lang: Language): string {
  const found = id ? decisions.find((decision) => decision.id === id) : undefined;
  return found ? formatDate(found.decidedAt, lang) : '';
}

function OfficerDecisionRow(
  props: OfficerDecisionSectionProps & { decision: DecisionRecord; replaced: boolean },
) {
  const { ctx, decision, decisions, replaced } = props;
  const t = translator(decisionMessages, ctx.lang);
  const base = `/${props.tenantSlug}/handlaggning/arenden/${props.reference}/beslut`;
  const date = formatDate(decision.decidedAt, ctx.lang);
  const canCorrect = props.canDecide && !replaced && isDecidedOrClosed(props.caseCategory);
  return (
    <tr>
      <td>
        {localized(outcomeLabel[decision.outcome], ctx.lang)}
        {decision.correctsDecisionId && (
          <p class="hint">
            {t('replaces', { date: decidedOnOf(decisions, decision.correctsDecisionId, ctx.lang) })}
          </p>
        )}
        {replaced && (
          <p>
            <Tag>{t('replaced')}</Tag>
          </p>
        )}
      </td>
      <td>
        <time dateTime={new Date(decision.decidedAt).toISOString()}>{date}</time>
      </td>
      <td>
        {decision.decidedByName}
        {decision.decidedByRule && (
          <p class="hint">
            {translator(reviewMessages, ctx.lang)('automaticRule', { rule: decision.decidedByRule })}
          </p>
        )}
      </td>
      <td>
        {decision.disposedAt ? (
          t('letterDisposed')
        ) : (
          <a href={`${base}/${decision.id}/beslut.pdf`}>
            {t('letterLink')}
            <span class="visually-hidden">{t('letterLinkContext', { date })}</span>
          </a>
        )}
      </td>
      <td>
        {canCorrect && (
          <a href={`${base}?rattar=${decision.id}`}>
            {t('correctLink')}
            <span class="visually-hidden">{t('correctLinkContext', { date })}</span>
          </a>
        )}
      </td>
    </tr>
  );
}

/** The officer's list of decisions, with letters, corrections and the way to decide. */
export function OfficerDecisionSection(props: OfficerDecisionSectionProps) {
  const { ctx, decisions } = props;
  const t = translator(decisionMessages, ctx.lang);
  const replaced = supersededIds(decisions);
  const canDecideNow = props.canDecide && !isDecidedOrClosed(props.caseCategory);
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('sectionTitle')}</h2>
      {decisions.length === 0 ? (
        <p>{t('noDecisions')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption class="visually-hidden">{t('decisionsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colOutcome')}</th>
                <th scope="col">{t('colDate')}</th>
                <th scope="col">{t('colDecidedBy')}</th>
                <th scope="col">{t('colLetter')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {decisions.map((decision) => (
                <OfficerDecisionRow
                  key={decision.id}
                  {...props}
                  decision={decision}
                  replaced={replaced.has(decision.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canDecideNow && (
        <p>
          <a class="button" href={`/${props.tenantSlug}/handlaggning/arenden/${props.reference}/beslut`}>
            {t('decide')}
          </a>
        </p>
      )}
    </section>
  );
}

export interface ResidentDecisionSectionProps {
  ctx: PageContext;
  reference: string;
  /** Newest first, as `decisions.decisionsOfCase` returns them. */
  decisions: DecisionRecord[];
}

function validityOf(decision: DecisionRecord, lang: Language): string | undefined {
  const t = translator(decisionMessages, lang);
  const from = decision.validFrom ? formatDate(decision.validFrom, lang) : undefined;
  const to = decision.validTo ? formatDate(decision.validTo, lang) : undefined;
  if (from && to) return t('validFromTo', { from, to });
  if (from) return t('validFromOnly', { from });
  if (to) return t('validToOnly', { to });
  return undefined;
}

function ResidentDecision(
  props: ResidentDecisionSectionProps & { decision: DecisionRecord; replaced: boolean },
) {
  const { ctx, decision, decisions, replaced } = props;
  const t = translator(decisionMessages, ctx.lang);
  const date = formatDate(decision.decidedAt, ctx.lang);
  const validity = validityOf(decision, ctx.lang);
  return (
    <article class="card" aria-labelledby={`decision-${decision.id}`}>
      <h3 id={`decision-${decision.id}`}>{localized(residentOutcomeText[decision.outcome], ctx.lang)}</h3>
      {replaced && <p>{t('residentReplaced')}</p>}
      {decision.correctsDecisionId && (
        <p>
          {t('residentReplaces', { date: decidedOnOf(decisions, decision.correctsDecisionId, ctx.lang) })}
        </p>
      )}
      <dl class="summary-list">
        <div>
          <dt>{t('residentDecidedOn')}</dt>
          <dd>{date}</dd>
        </div>
        <div>
          <dt>{t('residentJustification')}</dt>
          <dd class="preserve-lines">{decision.justification}</dd>
        </div>
        <div>
          <dt>{t('residentLegalBasis')}</dt>
          <dd>{decision.legalBasis}</dd>
        </div>
        <AutomaticDecisionFacts ctx={ctx} decision={decision} />
        {validity && (
          <div>
            <dt>{t('residentValidity')}</dt>
            <dd>{validity}</dd>
          </div>
        )}
      </dl>
      {decision.appealInformation && !replaced && (
        <>
          <h4>{t('residentAppeal')}</h4>
          <p class="preserve-lines">{decision.appealInformation}</p>
        </>
      )}
      <p>
        <a href={`/mina-sidor/arenden/${props.reference}/beslut/${decision.id}/beslut.pdf`}>
          {t('residentLetter')}
          <span class="visually-hidden">{t('residentLetterContext', { date })}</span>
        </a>
      </p>
    </article>
  );
}

/** The resident's view of the decisions in their case; nothing when there is none yet. */
export function ResidentDecisionSection(props: ResidentDecisionSectionProps) {
  const { ctx, decisions } = props;
  if (decisions.length === 0) return null;
  const t = translator(decisionMessages, ctx.lang);
  const replaced = supersededIds(decisions);
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('sectionTitle')}</h2>
      {decisions.map((decision) => (
        <ResidentDecision
          key={decision.id}
          {...props}
          decision={decision}
          replaced={replaced.has(decision.id)}
        />
      ))}
    </section>
  );
}
