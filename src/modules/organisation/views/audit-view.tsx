/** The audit log page: search by case reference or personnummer, the entries, download links. */
import { formatDateTime, translator } from '../../../platform/i18n/i18n.ts';
import { formatPersonalIdentityNumber } from '../../../platform/identity/model.ts';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { adminMessages } from '../messages.ts';
import type { StaffActor } from '../model.ts';
import type { AuditLogResult } from '../service.ts';
import { AdminPage, adminBase, fieldError, type RefusedForm, typedValue } from './admin-page.tsx';
import { type AuditNames, actionText, detailsSummary } from './audit-format.ts';

export interface AuditViewProps {
  ctx: PageContext;
  actor: StaffActor;
  result?: AuditLogResult;
  names: AuditNames;
  refused?: RefusedForm;
}

/** Input ids of the search form equal the service's field names. */
export function auditInputId(_refused: RefusedForm, field: string): string {
  return field === 'personalIdentityNumber' ? field : 'caseReference';
}

/** The query string of a search, for the download links. */
export function auditQueryString(result: AuditLogResult): string {
  const query = result.query;
  return 'caseReference' in query
    ? `?arende=${encodeURIComponent(query.caseReference)}`
    : `?personnummer=${encodeURIComponent(query.personalIdentityNumber)}`;
}

function SearchForm({ ctx, result, refused }: AuditViewProps) {
  const t = translator(adminMessages, ctx.lang);
  const query = result?.query;
  const reference = query && 'caseReference' in query ? query.caseReference : '';
  const pin =
    query && 'personalIdentityNumber' in query
      ? formatPersonalIdentityNumber(query.personalIdentityNumber)
      : '';
  return (
    <form method="get" action={`${adminBase(ctx)}/logg`} class="filters" aria-labelledby="audit-search-title">
      <h2 id="audit-search-title" class="visually-hidden">
        {t('auditSearchTitle')}
      </h2>
      <TextInput
        id="caseReference"
        name="arende"
        label={t('caseReference')}
        hint={t('caseReferenceHint')}
        value={typedValue(refused, 'audit', 'arende') ?? reference}
        error={fieldError(refused, 'audit', 'caseReference', ctx.lang)}
        lang={ctx.lang}
        type="search"
      />
      <TextInput
        id="personalIdentityNumber"
        name="personnummer"
        label={t('personalIdentityNumber')}
        hint={t('searchPersonalIdentityNumberHint')}
        value={typedValue(refused, 'audit', 'personnummer') ?? pin}
        error={fieldError(refused, 'audit', 'personalIdentityNumber', ctx.lang)}
        lang={ctx.lang}
        type="search"
        autocomplete="off"
      />
      <div class="field">
        <button type="submit" class="button">
          {t('searchButton')}
        </button>
      </div>
    </form>
  );
}

function Entries({ ctx, result, names }: AuditViewProps & { result: AuditLogResult }) {
  const t = translator(adminMessages, ctx.lang);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption class="visually-hidden">{t('auditCaption')}</caption>
        <thead>
          <tr>
            {(['colTime', 'colWho', 'colUnits', 'colAction', 'colCase', 'colDetails'] as const).map((key) => (
              <th scope="col" key={key}>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.entries.map((entry) => (
            <tr key={String(entry.id)}>
              <td>{formatDateTime(entry.at, ctx.lang)}</td>
              <td>{entry.actorName}</td>
              <td>{entry.actorUnits.join(', ') || '–'}</td>
              <td>{actionText(entry.action, ctx.lang)}</td>
              <td>{entry.reference ?? '–'}</td>
              <td>{detailsSummary(entry.details, names, ctx.lang) || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Result(props: AuditViewProps & { result: AuditLogResult }) {
  const { ctx, result } = props;
  const t = translator(adminMessages, ctx.lang);
  const query = result.query;
  const base = `${adminBase(ctx)}/logg`;
  return (
    <>
      <h2>
        {'caseReference' in query
          ? t('auditForCase', { reference: query.caseReference })
          : t('auditForPerson', { pin: formatPersonalIdentityNumber(query.personalIdentityNumber) })}
      </h2>
      <p>{result.entries.length > 0 ? t('auditCount', { count: result.entries.length }) : t('auditEmpty')}</p>
      <ul>
        <li>
          <a href={`${base}.csv${auditQueryString(result)}`} download>
            {t('downloadCsv')}
          </a>
        </li>
        <li>
          <a href={`${base}.json${auditQueryString(result)}`} download>
            {t('downloadJson')}
          </a>
        </li>
      </ul>
      {result.entries.length > 0 && <Entries {...props} result={result} />}
    </>
  );
}

/** The audit log page. */
export function AuditView(props: AuditViewProps) {
  const { ctx } = props;
  const t = translator(adminMessages, ctx.lang);
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={t('auditTitle')}
      section="audit"
      refused={props.refused}
      inputId={auditInputId}
    >
      <p>{t('auditIntro')}</p>
      <SearchForm {...props} />
      {props.result && <Result {...props} result={props.result} />}
    </AdminPage>
  );
}
