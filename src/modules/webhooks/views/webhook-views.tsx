/**
 * The administrators' webhook pages (issue #12): the list with the registration form, the page that
 * shows a new signing secret once, and one subscription's deliveries and dead letters with replay.
 */
import { formatDateTime, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm, type SummaryError } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { eventKey, subscriptionErrorKey, webhookMessages } from '../messages.ts';
import { isWebhookEventType } from '../model.ts';
import type { SubscriptionDetails, SubscriptionRow } from '../service.ts';
import { DeliveryTable } from './delivery-table.tsx';
import {
  inputIdOf,
  type ReachChoices,
  type RefusedSubscription,
  SubscriptionForm,
} from './subscription-form.tsx';

export type { ReachChoices, RefusedSubscription };

interface PageProps {
  ctx: PageContext;
  actor: StaffActor;
}

const t = (ctx: PageContext) => translator(webhookMessages, ctx.lang);
/** The webhook pages' base path in the page's tenant. */
export const webhooksBase = (ctx: PageContext) => `${adminBase(ctx)}/webhooks`;

function Actions({ ctx, row }: { ctx: PageContext; row: SubscriptionRow }) {
  const tr = t(ctx);
  const base = `${webhooksBase(ctx)}/${row.id}`;
  return (
    <>
      <p>
        <a href={base}>{tr('show', { name: row.name })}</a>
      </p>
      <PostForm action={`${base}/${row.pausedAt ? 'ateruppta' : 'pausa'}`} csrfToken={ctx.csrfToken}>
        <button type="submit" class="button secondary">
          {tr(row.pausedAt ? 'resume' : 'pause', { name: row.name })}
        </button>
      </PostForm>
      <PostForm action={`${base}/ta-bort`} csrfToken={ctx.csrfToken}>
        <button type="submit" class="button warning">
          {tr('remove', { name: row.name })}
        </button>
      </PostForm>
    </>
  );
}

function Row({ ctx, row, choices }: { ctx: PageContext; row: SubscriptionRow; choices: ReachChoices }) {
  const tr = t(ctx);
  const date = (value: Date) => formatDateTime(value, ctx.lang);
  const reach = [
    ...choices.units.filter((unit) => row.unitIds.includes(unit.id)).map((unit) => unit.name),
    ...choices.services.filter((s) => row.serviceIds.includes(s.serviceId)).map((s) => s.title),
  ];
  return (
    <tr>
      <th scope="row">{row.name}</th>
      <td>
        <code>{row.url}</code>
      </td>
      <td>
        <ul class="link-list">
          {row.eventTypes.filter(isWebhookEventType).map((type) => (
            <li key={type}>{tr(eventKey(type))}</li>
          ))}
        </ul>
      </td>
      <td>{reach.join(', ')}</td>
      <td>
        <code>{row.secretHint}</code>
      </td>
      <td>{date(row.createdAt)}</td>
      <td>{row.lastDeliveredAt ? date(row.lastDeliveredAt) : tr('never')}</td>
      <td>{row.pausedAt ? tr('paused', { date: date(row.pausedAt) }) : tr('active')}</td>
      <td>{Number(row.deadCount ?? 0)}</td>
      <td>
        <Actions ctx={ctx} row={row} />
      </td>
    </tr>
  );
}

const COLUMNS = [
  'colName',
  'colUrl',
  'colEvents',
  'colReach',
  'colSecret',
  'colCreated',
  'colLastDelivery',
  'colStatus',
  'colDead',
  'colActions',
] as const;

/** The tenant's subscriptions and the registration form (shown again, with errors, when refused). */
export function WebhooksView(
  props: PageProps & {
    subscriptions: SubscriptionRow[];
    choices: ReachChoices;
    notice?: string;
    refused?: RefusedSubscription;
  },
) {
  const { ctx, refused, choices } = props;
  const tr = t(ctx);
  const summaryErrors: SummaryError[] = (refused?.errors ?? []).map((error) => ({
    href: inputIdOf(error.field, choices),
    message: tr(subscriptionErrorKey(error.message)),
  }));
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('title')}
      section="webhooks"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={summaryErrors}
    >
      <p>{tr('intro')}</p>
      {props.subscriptions.length === 0 ? (
        <p>{tr('none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption>{tr('caption')}</caption>
            <thead>
              <tr>
                {COLUMNS.map((key) => (
                  <th scope="col" key={key}>
                    {tr(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.subscriptions.map((row) => (
                <Row key={row.id} ctx={ctx} row={row} choices={choices} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{tr('createTitle')}</h2>
      <SubscriptionForm ctx={ctx} action={`${webhooksBase(ctx)}/ny`} choices={choices} refused={refused} />
    </AdminPage>
  );
}

/** A new signing secret, shown once: in the answer to the POST that made it, never in a URL. */
export function SecretView(
  props: PageProps & { subscription: { id: string; name: string; secret: string } },
) {
  const { ctx, subscription } = props;
  const tr = t(ctx);
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('createdTitle', { name: subscription.name })}
      section="webhooks"
      inputId={() => ''}
    >
      <p>{tr('secretIntro')}</p>
      <dl class="summary-list">
        <div>
          <dt>{tr('secretLabel')}</dt>
          <dd>
            <code class="secret">{subscription.secret}</code>
          </dd>
        </div>
      </dl>
      <p>
        <a href={webhooksBase(ctx)}>{tr('back')}</a>
      </p>
    </AdminPage>
  );
}

/** One subscription's latest deliveries and its dead letters, each dead letter with a replay button. */
export function SubscriptionView(props: PageProps & { details: SubscriptionDetails; notice?: string }) {
  const { ctx, details } = props;
  const tr = t(ctx);
  const base = `${webhooksBase(ctx)}/${details.subscription.id}`;
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('detailsTitle', { name: details.subscription.name })}
      section="webhooks"
      notice={props.notice}
      inputId={() => ''}
    >
      <h2>{tr('deadTitle')}</h2>
      <p>{tr('deadIntro')}</p>
      {details.deadLetters.length === 0 ? (
        <p>{tr('deadNone')}</p>
      ) : (
        <>
          <PostForm action={`${base}/skicka-igen`} csrfToken={ctx.csrfToken}>
            <button type="submit" class="button">
              {tr('replayAll')}
            </button>
          </PostForm>
          <DeliveryTable ctx={ctx} caption={tr('deadCaption')} rows={details.deadLetters} replayBase={base} />
        </>
      )}
      <h2>{tr('recentTitle')}</h2>
      {details.recent.length === 0 ? (
        <p>{tr('recentNone')}</p>
      ) : (
        <DeliveryTable ctx={ctx} caption={tr('recentCaption')} rows={details.recent} />
      )}
      <p>
        <a href={webhooksBase(ctx)}>{tr('back')}</a>
      </p>
    </AdminPage>
  );
}
