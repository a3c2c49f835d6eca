/**
 * The case page's sharing panel (decision 0033): for the handling unit, who the case is shared
 * with, until when and why, a revoke button per active share and the form to share it; for a unit
 * the case is shared with, what it was given and why.
 */
import { formatDate, formatDateTime, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { Select, TextArea, TextInput } from '../../../web/form-fields.tsx';
import type { SharedWith } from '../case-secrecy.ts';
import { secrecyMessages } from '../secrecy-messages.ts';
import { errorFor, type OfficerCaseViewProps, typedValue } from './case-view-props.tsx';

/** The last day of a share: its end is the start of the next Swedish day. */
const lastDay = (share: SharedWith) => new Date(new Date(share.endsAt).getTime() - 1);

function ShareItem(props: OfficerCaseViewProps & { share: SharedWith }) {
  const { ctx, details, share } = props;
  const t = translator(secrecyMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  if (!share.active) {
    const text = share.revokedAt
      ? t('shareRevokedBy', {
          unit: share.unitName,
          name: share.revokedByName ?? '',
          date: formatDateTime(share.revokedAt, ctx.lang),
        })
      : t('shareEnded', { unit: share.unitName, date: formatDate(share.endsAt, ctx.lang) });
    return <li class="muted">{text}</li>;
  }
  return (
    <li>
      <strong>{t('sharedWith', { unit: share.unitName, date: formatDate(lastDay(share), ctx.lang) })}</strong>
      <p class="preserve-lines">
        {t('sharedBy', {
          name: share.sharedByName,
          date: formatDateTime(share.sharedAt, ctx.lang),
          reason: share.reason,
        })}
      </p>
      {details.allowed.share && (
        <PostForm action={`${base}/delning/${share.id}/aterkalla`} csrfToken={ctx.csrfToken}>
          <button type="submit" class="button secondary">
            {t('revokeShare', { unit: share.unitName })}
          </button>
        </PostForm>
      )}
    </li>
  );
}

function ShareForm(props: OfficerCaseViewProps) {
  const { ctx, details, shareUnits } = props;
  const t = translator(secrecyMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  const sharedNow = new Set(details.secrecy.shares.filter((s) => s.active).map((s) => s.unitId));
  const choices = (shareUnits ?? []).filter(([id]) => id !== details.case.unitId && !sharedNow.has(id));
  return (
    <PostForm action={`${base}/dela`} csrfToken={ctx.csrfToken}>
      <h3>{t('shareFormTitle')}</h3>
      <Select
        id="share-unit"
        name="unitId"
        label={t('shareUnit')}
        value={typedValue(props, 'share', 'unitId') ?? ''}
        options={[['', t('shareUnitChoose')], ...choices]}
        error={errorFor(props, 'share', 'unitId')}
        lang={ctx.lang}
      />
      <TextArea
        id="share-reason"
        name="reason"
        label={t('shareReason')}
        hint={t('shareReasonHint')}
        value={typedValue(props, 'share', 'reason')}
        error={errorFor(props, 'share', 'reason')}
        lang={ctx.lang}
        rows={3}
      />
      <TextInput
        id="share-ends"
        name="endsOn"
        type="date"
        label={t('shareEnds')}
        hint={t('shareEndsHint')}
        value={typedValue(props, 'share', 'endsOn')}
        error={errorFor(props, 'share', 'endsOn')}
        lang={ctx.lang}
      />
      <button type="submit" class="button secondary">
        {t('shareButton')}
      </button>
    </PostForm>
  );
}

/** What a unit the case is shared with sees: who shared it with them, until when and why. */
function SharedWithYou(props: OfficerCaseViewProps) {
  const { ctx, details } = props;
  const t = translator(secrecyMessages, ctx.lang);
  return (
    <section class="panel" aria-labelledby="shared-title">
      <h2 id="shared-title">{t('sharedWithYouTitle')}</h2>
      {details.secrecy.shares
        .filter((share) => share.active)
        .map((share) => (
          <p key={share.id} class="preserve-lines">
            {t('sharedWithYouText', {
              owner: details.secrecy.ownerUnitName,
              unit: share.unitName,
              date: formatDate(lastDay(share), ctx.lang),
              reason: share.reason,
            })}
          </p>
        ))}
    </section>
  );
}

export function SharePanel(props: OfficerCaseViewProps) {
  const { ctx, details } = props;
  if (details.secrecy.access === 'share') return <SharedWithYou {...props} />;
  const t = translator(secrecyMessages, ctx.lang);
  const shares = details.secrecy.shares;
  return (
    <section class="panel" aria-labelledby="sharing-title">
      <h2 id="sharing-title">{t('sharingTitle')}</h2>
      <p>{t('sharingIntro')}</p>
      {shares.length === 0 ? (
        <p>{t('notShared')}</p>
      ) : (
        <ul>
          {shares.map((share) => (
            <ShareItem key={share.id} {...props} share={share} />
          ))}
        </ul>
      )}
      {details.allowed.share && <ShareForm {...props} />}
    </section>
  );
}
