/**
 * The coordinator's offer pages, `/{tenant}/handlaggning/admin/digital-stod` (issue #13): the list of
 * offers with their status, and the form in the uniform structure for a new or changed offer. A
 * refused form comes back with each error next to its field and in the summary, and what was typed.
 */
import { formatDate, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { Select, TextArea, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { digitalSupportMessages, FIELD_LABELS, LABELS, label } from '../messages.ts';
import { DESCRIPTION_FIELDS, type Offer, PLACE_AND_CONTACT_FIELDS } from '../model.ts';
import {
  CheckboxGroup,
  errorTexts,
  type FieldErrors,
  type FormValues,
  groupInputId,
  many,
  one,
  summaryOf,
} from './form-parts.tsx';

/** The coordinator's pages' base path. */
export const coordinatorBase = (ctx: PageContext) => `${adminBase(ctx)}/digital-stod`;

function SubNav({ ctx }: { ctx: PageContext }) {
  const tr = translator(digitalSupportMessages, ctx.lang);
  const base = coordinatorBase(ctx);
  return (
    <ul class="link-list">
      <li>
        <a href={base}>{tr('offersCaption')}</a>
      </li>
      <li>
        <a href={`${base}/ny`}>{tr('newOffer')}</a>
      </li>
      <li>
        <a href={`${base}/matris`}>{tr('matrixLink')}</a>
      </li>
      <li>
        <a href={`${base}/intervjuer`}>{tr('interviewsLink')}</a>
      </li>
      <li>
        <a href={`/${ctx.tenant?.slug ?? ''}/digital-hjalp`}>{tr('publicLink')}</a>
      </li>
    </ul>
  );
}

export { SubNav as CoordinatorNav };

/** The list of offers. */
export function OfferListView(props: {
  ctx: PageContext;
  actor: StaffActor;
  offers: Offer[];
  notice?: string;
}) {
  const { ctx } = props;
  const tr = translator(digitalSupportMessages, ctx.lang);
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('adminTitle')}
      section="digitalSupport"
      notice={props.notice}
      inputId={() => ''}
    >
      <p>{tr('adminIntro')}</p>
      <SubNav ctx={ctx} />
      {props.offers.length === 0 ? (
        <p>{tr('noOffers')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption>{tr('offersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('colName')}</th>
                <th scope="col">{tr('colProvider')}</th>
                <th scope="col">{tr('colModel')}</th>
                <th scope="col">{tr('colStatus')}</th>
                <th scope="col">{tr('colUpdated')}</th>
              </tr>
            </thead>
            <tbody>
              {props.offers.map((offer) => (
                <tr key={offer.id}>
                  <th scope="row">
                    <a
                      href={`${coordinatorBase(ctx)}/${offer.id}`}
                      aria-label={tr('edit', { name: offer.name })}
                    >
                      {offer.name}
                    </a>
                  </th>
                  <td>{offer.providerName}</td>
                  <td>{label('operatingModels', offer.operatingModel, ctx.lang)}</td>
                  <td>{tr(offer.status)}</td>
                  <td>{formatDate(offer.updatedAt, ctx.lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminPage>
  );
}

/** An offer as the form's values. */
export function offerValues(offer: Offer): FormValues {
  const { latitude, longitude, ...texts } = offer.details;
  return {
    ...texts,
    status: offer.status,
    name: offer.name,
    providerName: offer.providerName,
    providerKind: offer.providerKind,
    operatingModel: offer.operatingModel,
    targetGroups: offer.targetGroups,
    channels: offer.channels,
    locality: offer.locality,
    latitude: latitude === null ? '' : String(latitude),
    longitude: longitude === null ? '' : String(longitude),
  };
}

const LONG_FIELDS = new Set<string>(DESCRIPTION_FIELDS);

/** The offer form (new when `offerId` is undefined). */
export function OfferFormView(props: {
  ctx: PageContext;
  actor: StaffActor;
  offerId?: string;
  values: FormValues;
  errors: FieldErrors;
  notice?: string;
}) {
  const { ctx, values } = props;
  const tr = translator(digitalSupportMessages, ctx.lang);
  const fieldName = (field: string) =>
    field in FIELD_LABELS
      ? FIELD_LABELS[field as keyof typeof FIELD_LABELS][ctx.lang]
      : tr(field as 'providerKind' | 'operatingModel' | 'targetGroups' | 'channels');
  const messages = errorTexts(props.errors, ctx.lang, fieldName);
  const inputId = (field: string) =>
    field === 'targetGroups'
      ? groupInputId(field, 'targetGroups')
      : field === 'channels'
        ? groupInputId(field, 'channels')
        : field;
  const title = props.offerId ? tr('editTitle', { name: one(values.name) }) : tr('createTitle');
  const text = (field: keyof typeof FIELD_LABELS) =>
    LONG_FIELDS.has(field) ? (
      <TextArea
        key={field}
        id={field}
        label={FIELD_LABELS[field][ctx.lang]}
        error={messages.get(field)}
        value={one(values[field])}
        lang={ctx.lang}
        rows={3}
      />
    ) : (
      <TextInput
        key={field}
        id={field}
        label={FIELD_LABELS[field][ctx.lang]}
        error={messages.get(field)}
        value={one(values[field])}
        lang={ctx.lang}
        type={field === 'contactEmail' ? 'email' : 'text'}
      />
    );
  const codes = (list: 'providerKinds' | 'operatingModels'): [string, string][] => [
    ['', tr('choosePlaceholder')],
    ...Object.entries(LABELS[list]).map(([code, text]): [string, string] => [code, text[ctx.lang]]),
  ];
  const action = `${coordinatorBase(ctx)}/${props.offerId ?? 'ny'}`;
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={title}
      section="digitalSupport"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={summaryOf(messages, inputId)}
    >
      <SubNav ctx={ctx} />
      <PostForm action={action} csrfToken={ctx.csrfToken}>
        <h2>{tr('sectionWho')}</h2>
        {text('name')}
        {text('providerName')}
        <Select
          id="providerKind"
          label={tr('providerKind')}
          error={messages.get('providerKind')}
          value={one(values.providerKind)}
          lang={ctx.lang}
          options={codes('providerKinds')}
        />
        <Select
          id="operatingModel"
          label={tr('operatingModel')}
          error={messages.get('operatingModel')}
          value={one(values.operatingModel)}
          lang={ctx.lang}
          options={codes('operatingModels')}
        />
        <CheckboxGroup
          name="targetGroups"
          list="targetGroups"
          legend={tr('targetGroups')}
          checked={many(values.targetGroups)}
          error={messages.get('targetGroups')}
          lang={ctx.lang}
        />
        <CheckboxGroup
          name="channels"
          list="channels"
          legend={tr('channels')}
          checked={many(values.channels)}
          error={messages.get('channels')}
          lang={ctx.lang}
        />
        <h2>{tr('sectionWhere')}</h2>
        {text('address')}
        {text('locality')}
        {text('latitude')}
        {text('longitude')}
        {PLACE_AND_CONTACT_FIELDS.filter((field) => field !== 'address').map(text)}
        <h2>{tr('sectionHow')}</h2>
        {DESCRIPTION_FIELDS.map(text)}
        <Select
          id="status"
          label={tr('status')}
          hint={tr('statusHint')}
          value={one(values.status) || 'draft'}
          lang={ctx.lang}
          options={[
            ['draft', tr('draft')],
            ['published', tr('published')],
          ]}
        />
        <button type="submit" class="button">
          {tr('save')}
        </button>
      </PostForm>
    </AdminPage>
  );
}
