/** The case page's "move the case" form (issue #13): unit, e-service, required reason. */
import { translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { Select, TextArea } from '../../../web/form-fields.tsx';
import { officerMessages } from '../messages.ts';
import { errorFor, type OfficerCaseViewProps, typedValue } from './case-view-props.tsx';

export function MovePanel(props: OfficerCaseViewProps) {
  const { ctx, details, moveChoices } = props;
  if (!details.allowed.move || !moveChoices) return null;
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  const units = moveChoices.units.filter(([id]) => id !== details.case.unitId);
  const services = moveChoices.services.filter(([id]) => id !== details.case.serviceId);
  return (
    <section class="panel" aria-labelledby="move-title">
      <h2 id="move-title">{t('moveTitle')}</h2>
      <p>{t('moveIntro')}</p>
      <PostForm action={`${base}/flytta`} csrfToken={ctx.csrfToken}>
        <Select
          id="move-unit"
          name="unitId"
          label={t('moveUnit')}
          value={typedValue(props, 'move', 'unitId') ?? ''}
          options={[['', t('moveUnitKeep')], ...units]}
          error={errorFor(props, 'move', 'unitId')}
          lang={ctx.lang}
        />
        <Select
          id="move-service"
          name="serviceId"
          label={t('moveService')}
          value={typedValue(props, 'move', 'serviceId') ?? ''}
          options={[['', t('moveServiceKeep')], ...services]}
          error={errorFor(props, 'move', 'serviceId')}
          lang={ctx.lang}
        />
        <TextArea
          id="move-reason"
          name="reason"
          label={t('moveReason')}
          hint={t('moveReasonHint')}
          value={typedValue(props, 'move', 'reason')}
          error={errorFor(props, 'move', 'reason')}
          lang={ctx.lang}
          rows={3}
        />
        <button type="submit" class="button secondary">
          {t('moveButton')}
        </button>
      </PostForm>
    </section>
  );
}
