/** A table of webhook deliveries: event, type, case id, attempts, result, time; dead ones replayable. */
import { formatDateTime, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { eventKey, webhookMessages } from '../messages.ts';
import { isWebhookEventType } from '../model.ts';
import type { DeliveryRow } from '../service.ts';

const t = (ctx: PageContext) => translator(webhookMessages, ctx.lang);

function result(ctx: PageContext, row: DeliveryRow): string {
  const tr = t(ctx);
  if (row.deliveredAt) return tr('delivered', { status: String(row.lastStatus ?? '') });
  if (row.deadAt) return tr('dead', { error: row.lastError ?? '' });
  if (row.lastError) return tr('waiting', { error: row.lastError });
  return tr('pending');
}

const COLUMNS = ['colEventId', 'colType', 'colCase', 'colAttempts', 'colResult', 'colAt'] as const;

/** The rows; with `replayBase`, each row has its replay button (the dead-letter list). */
export function DeliveryTable(props: {
  ctx: PageContext;
  caption: string;
  rows: DeliveryRow[];
  replayBase?: string;
}) {
  const { ctx } = props;
  const tr = t(ctx);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {COLUMNS.map((key) => (
              <th scope="col" key={key}>
                {tr(key)}
              </th>
            ))}
            {props.replayBase && <th scope="col">{tr('colActions')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{String(row.eventId)}</th>
              <td>{isWebhookEventType(row.eventType) ? tr(eventKey(row.eventType)) : row.eventType}</td>
              <td>
                <code>{row.caseId}</code>
              </td>
              <td>{row.attempts}</td>
              <td>{result(ctx, row)}</td>
              <td>{formatDateTime(row.lastAttemptAt ?? row.createdAt, ctx.lang)}</td>
              {props.replayBase && (
                <td>
                  <PostForm
                    action={`${props.replayBase}/leveranser/${row.id}/skicka-igen`}
                    csrfToken={ctx.csrfToken}
                  >
                    <button type="submit" class="button secondary">
                      {tr('replay', { eventId: String(row.eventId) })}
                    </button>
                  </PostForm>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
