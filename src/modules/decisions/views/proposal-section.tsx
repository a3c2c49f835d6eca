/** The latest proposal on the officer's case page (issue #10): outcome, explanation, rules, approval. */
import { formatDateTime, type Language, localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { Proposal } from '../../proposals/model.ts';
import { outcomeLabel } from '../model.ts';
import type { CaseProposal } from '../proposal-decision.ts';
import { proposalMessages } from '../proposal-messages.ts';

export interface ProposalSectionProps {
  ctx: PageContext;
  tenantSlug: string;
  reference: string;
  latest: CaseProposal;
  madeAt: Date;
  /** The actor may decide and the case has no decision yet. */
  canDecide: boolean;
  /** The workflow lets the case become decided from its status now. */
  decidableNow: boolean;
}

function valueText(value: unknown, lang: Language): string {
  const t = translator(proposalMessages, lang);
  if (value === null || value === undefined || value === '') return t('emptyValue');
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
  if (typeof value === 'number') return value.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function RulesTable({ proposal, lang }: { proposal: Proposal; lang: Language }) {
  const t = translator(proposalMessages, lang);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{t('proposalRulesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colTable')}</th>
            <th scope="col">{t('colHitPolicy')}</th>
            <th scope="col">{t('colRows')}</th>
            <th scope="col">{t('colOutputs')}</th>
          </tr>
        </thead>
        <tbody>
          {proposal.tables.map((table) => (
            <tr key={table.decision}>
              <th scope="row">{table.decision}</th>
              <td>{table.hitPolicy}</td>
              <td>{table.rows.map((row) => t('rowNumber', { row: String(row.row) })).join(', ')}</td>
              <td>
                {table.rows
                  .map((row) =>
                    Object.values(row.outputs)
                      .map((v) => valueText(v, lang))
                      .join(', '),
                  )
                  .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Facts({ props, proposal }: { props: ProposalSectionProps; proposal: Proposal }) {
  const lang = props.ctx.lang;
  const t = translator(proposalMessages, lang);
  const outcome = proposal.outcome;
  const { ruleVersion } = proposal;
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('proposalOutcome')}</dt>
        <dd>
          {outcome === null
            ? t('proposalFailed')
            : outcome === 'manual'
              ? t('manual')
              : localized(outcomeLabel[outcome], lang)}
        </dd>
      </div>
      <div>
        <dt>{t('proposalExplanation')}</dt>
        <dd>{proposal.explanation ? localized(proposal.explanation, lang) : t('proposalFailedHint')}</dd>
      </div>
      <div>
        <dt>{t('proposalInputs')}</dt>
        <dd>
          <ul>
            {Object.entries(proposal.inputs).map(([name, value]) => (
              <li key={name}>
                {name}: {valueText(value, lang)}
              </li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>{t('proposalRuleVersion')}</dt>
        <dd>
          {t('ruleVersionText', {
            version: String(ruleVersion.version),
            decision: ruleVersion.decision,
            hash: ruleVersion.modelSha256.slice(0, 12),
          })}
        </dd>
      </div>
    </dl>
  );
}

/** The section; the approval form only for an officer who may decide, on a proposal of a decision. */
export function ProposalSection(props: ProposalSectionProps) {
  const { ctx, latest } = props;
  const t = translator(proposalMessages, ctx.lang);
  const caseUrl = `/${props.tenantSlug}/handlaggning/arenden/${props.reference}`;
  const approvable = props.canDecide && latest.decisionOutcome !== undefined;
  return (
    <section aria-labelledby="proposal-title">
      <h2 id="proposal-title">{t('proposalTitle')}</h2>
      <p class="hint">
        {t('proposalIntro')} {t('proposalMadeAt', { at: formatDateTime(props.madeAt, ctx.lang) })}
      </p>
      <Facts props={props} proposal={latest.proposal} />
      {latest.proposal.tables.length > 0 && (
        <>
          <h3>{t('proposalRules')}</h3>
          <RulesTable proposal={latest.proposal} lang={ctx.lang} />
        </>
      )}
      {approvable && !props.decidableNow && <p class="hint">{t('notDecidableHint')}</p>}
      {approvable && props.decidableNow && (
        <PostForm action={`${caseUrl}/beslut/forslag/${latest.id}/godkann`} csrfToken={ctx.csrfToken}>
          <p class="hint">{t('approveHint')}</p>
          <button type="submit" class="button">
            {t('approve')}
          </button>{' '}
          <a href={`${caseUrl}/beslut`}>{t('decideOtherwise')}</a>
        </PostForm>
      )}
    </section>
  );
}
