/**
 * Contacts that need no case (closed with channel, category and an outcome code, never a note) and
 * the statistics of what people ask about, per month, channel and category (issue #13).
 */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { codeKey, customerCentreMessages } from '../messages.ts';
import {
  CONTACT_OUTCOMES,
  CUSTOMER_CENTRE_CHANNELS,
  type CustomerCentreChannel,
  OTHER_CATEGORY,
} from '../model.ts';
import type { ContactCategory, ContactStatistics } from '../service.ts';
import { CentrePage, centreBase, errorTexts, type FieldErrors, RadioGroup, summaryOf } from './frame.tsx';

function categoryName(categories: ContactCategory[], slug: string, lang: 'sv' | 'en'): string {
  const t = translator(customerCentreMessages, lang);
  const found = categories.find((category) => category.slug === slug);
  return found?.title ? localized(found.title, lang) : slug === OTHER_CATEGORY ? t('categoryOther') : slug;
}

/** The "close contact" form. */
export function CloseContactView(props: {
  ctx: PageContext;
  actor: StaffActor;
  categories: ContactCategory[];
  values: Record<string, unknown>;
  errors: FieldErrors;
}) {
  const { ctx, values } = props;
  const t = translator(customerCentreMessages, ctx.lang);
  const texts = errorTexts(props.errors, ctx.lang);
  const chosen = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return (
    <CentrePage ctx={ctx} actor={props.actor} title={t('closeTitle')} errors={summaryOf(texts)}>
      <p>
        <a href={centreBase(ctx)}>{t('backToStart')}</a>
      </p>
      <p>{t('closeIntro')}</p>
      <PostForm action={`${centreBase(ctx)}/kontakt`} csrfToken={ctx.csrfToken}>
        <RadioGroup
          name="channel"
          legend={t('channel')}
          options={CUSTOMER_CENTRE_CHANNELS.map((code) => [code, t(codeKey('channel', code))])}
          value={chosen('channel')}
          error={texts.get('channel')}
          lang={ctx.lang}
        />
        <RadioGroup
          name="category"
          legend={t('category')}
          options={props.categories.map((category) => [
            category.slug,
            categoryName(props.categories, category.slug, ctx.lang),
          ])}
          value={chosen('category')}
          error={texts.get('category')}
          lang={ctx.lang}
        />
        <RadioGroup
          name="outcome"
          legend={t('outcome')}
          options={CONTACT_OUTCOMES.map((code) => [code, t(codeKey('outcome', code))])}
          value={chosen('outcome')}
          error={texts.get('outcome')}
          lang={ctx.lang}
        />
        <button type="submit" class="button">
          {t('close')}
        </button>
      </PostForm>
    </CentrePage>
  );
}

/** The statistics: per month × channel × category, totals per channel, and outcomes. */
export function StatisticsView(props: {
  ctx: PageContext;
  actor: StaffActor;
  statistics: ContactStatistics;
  categories: ContactCategory[];
}) {
  const { ctx, statistics } = props;
  const t = translator(customerCentreMessages, ctx.lang);
  const channelName = (channel: CustomerCentreChannel) => t(codeKey('channel', channel));
  const since = statistics.since.toISOString().slice(0, 7);
  return (
    <CentrePage ctx={ctx} actor={props.actor} title={t('statisticsTitle')}>
      <p>{t('statisticsIntro', { since })}</p>
      {statistics.figures.length === 0 ? (
        <p>{t('statisticsNone')}</p>
      ) : (
        <>
          <div class="table-scroll">
            <table>
              <caption>{t('totalsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colChannel')}</th>
                  <th scope="col">{t('colClosed')}</th>
                  <th scope="col">{t('colRegistered')}</th>
                </tr>
              </thead>
              <tbody>
                {statistics.totals.map((row) => (
                  <tr key={row.channel}>
                    <th scope="row">{channelName(row.channel)}</th>
                    <td>{row.closed}</td>
                    <td>{row.registered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-scroll">
            <table>
              <caption>{t('statisticsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colMonth')}</th>
                  <th scope="col">{t('colChannel')}</th>
                  <th scope="col">{t('colCategory')}</th>
                  <th scope="col">{t('colClosed')}</th>
                  <th scope="col">{t('colRegistered')}</th>
                </tr>
              </thead>
              <tbody>
                {statistics.figures.map((row) => (
                  <tr key={`${row.month}-${row.channel}-${row.category}`}>
                    <td>{row.month}</td>
                    <td>{channelName(row.channel)}</td>
                    <td>{categoryName(props.categories, row.category, ctx.lang)}</td>
                    <td>{row.closed}</td>
                    <td>{row.registered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-scroll">
            <table>
              <caption>{t('outcomesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colOutcome')}</th>
                  <th scope="col">{t('colCount')}</th>
                </tr>
              </thead>
              <tbody>
                {statistics.outcomes.map((row) => (
                  <tr key={row.outcome}>
                    <td>{t(codeKey('outcome', row.outcome))}</td>
                    <td>{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </CentrePage>
  );
}
