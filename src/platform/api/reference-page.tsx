/**
 * GET /api/v1/reference: the API's reference page (issue #12), read from the OpenAPI document and
 * rendered on the server, so that it reads without JavaScript and never disagrees with the document.
 * The operations' own texts are the document's (English, as the schemas are written); the page's
 * frame is Swedish first.
 */
import type { FastifyInstance } from 'fastify';
import { Layout } from '../../web/layout.tsx';
import { type PageContext, pageContext } from '../../web/page-context.ts';
import { sendPage } from '../../web/render.ts';
import { errorCodes } from '../errors.ts';
import { defineCatalogue, translator } from '../i18n/i18n.ts';
import { problemMeaning } from './problem-codes.ts';
import {
  type FieldRow,
  type OpenApiDocument,
  type OperationView,
  referenceOperations,
} from './reference-model.ts';

export const API_REFERENCE_PATH = '/api/v1/reference';

const sv = {
  title: 'API-referens',
  intro:
    'Här beskrivs varje anrop i Ingångs API för verksamhetssystem och andra klienter. Sidan bygger på samma OpenAPI 3.1-dokument som maskiner läser:',
  authTitle: 'Så loggar en klient in',
  authToken:
    'OAuth 2.0 client credentials: byt klient-id och hemlighet mot en åtkomsttoken (giltig i 15 minuter) hos {tokenUrl} och skicka den som Authorization: Bearer …',
  authKey: 'Eller, för enkla integrationer: skicka hemligheten som rubriken X-API-Key.',
  authAdmin:
    'En administratör i kommunen registrerar klienten med behörigheter (scopes) och räckvidd (enheter, e-tjänster).',
  contents: 'Innehåll',
  scopes: 'Behörighet',
  scopeOne: 'Behörigheten {scopes}, med token',
  scopeAny: 'Någon av behörigheterna {scopes}, med token',
  orApiKey: 'eller API-nyckel',
  sessionOnly: 'Inloggad invånare (sessionskaka)',
  open: 'Öppet, ingen inloggning',
  parameters: 'Parametrar för {operation}',
  body: 'Fält i anropets JSON ({type}) för {operation}',
  answers: 'Svar från {operation}',
  name: 'Namn',
  where: 'Var',
  required: 'Krävs',
  yes: 'Ja',
  no: 'Nej',
  type: 'Typ',
  description: 'Beskrivning',
  example: 'Exempel',
  status: 'Status',
  content: 'Innehåll',
  problemsTitle: 'Felkoder',
  problemsIntro:
    'Varje fel svarar med application/problem+json (RFC 9457). Fältet code är stabilt: program kan lita på det. Vid valideringsfel listar errors[] varje fält och vad som är fel.',
  problemsCaption: 'Felkoder, HTTP-status och betydelse',
  code: 'Kod',
  meaning: 'Betydelse',
};

const messages = defineCatalogue<keyof typeof sv>({
  sv,
  en: {
    title: 'API reference',
    intro:
      'Every request of Ingång’s API for business systems and other clients, described from the same OpenAPI 3.1 document that machines read:',
    authTitle: 'How a client authenticates',
    authToken:
      'OAuth 2.0 client credentials: trade the client id and secret for an access token (valid for 15 minutes) at {tokenUrl} and send it as Authorization: Bearer …',
    authKey: 'Or, for simple integrations: send the secret as the X-API-Key header.',
    authAdmin:
      'An administrator of the municipality registers the client with its scopes and reach (units, e-services).',
    contents: 'Contents',
    scopes: 'Authorisation',
    scopeOne: 'The scope {scopes}, with a token',
    scopeAny: 'Any of the scopes {scopes}, with a token',
    orApiKey: 'or the API key',
    sessionOnly: 'A logged-in resident (session cookie)',
    open: 'Open, no login',
    parameters: 'Parameters of {operation}',
    body: 'Fields of the request’s JSON ({type}) of {operation}',
    answers: 'Answers of {operation}',
    name: 'Name',
    where: 'In',
    required: 'Required',
    yes: 'Yes',
    no: 'No',
    type: 'Type',
    description: 'Description',
    example: 'Example',
    status: 'Status',
    content: 'Content',
    problemsTitle: 'Problem codes',
    problemsIntro:
      'Every error answers application/problem+json (RFC 9457). Its code is stable: programs may rely on it. On validation errors, errors[] lists each field and what is wrong.',
    problemsCaption: 'Problem codes, HTTP status and meaning',
    code: 'Code',
    meaning: 'Meaning',
  },
});

type Translate = ReturnType<typeof translator<keyof typeof sv>>;

function Fields({ rows, caption, tr }: { rows: FieldRow[]; caption: string; tr: Translate }) {
  const withWhere = rows.some((row) => row.where);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('name')}</th>
            {withWhere && <th scope="col">{tr('where')}</th>}
            <th scope="col">{tr('required')}</th>
            <th scope="col">{tr('type')}</th>
            <th scope="col">{tr('description')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">
                <code>{row.name}</code>
              </th>
              {withWhere && <td>{row.where}</td>}
              <td>{row.required ? tr('yes') : tr('no')}</td>
              <td>{row.type}</td>
              <td>
                {row.description}
                {row.example !== undefined && (
                  <>
                    {row.description ? ' ' : ''}
                    {tr('example')}: <code>{row.example}</code>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Operation({ operation, tr }: { operation: OperationView; tr: Translate }) {
  const name = `${operation.method} ${operation.path}`;
  const access = operation.scopes.length
    ? `${tr(operation.scopes.length === 1 ? 'scopeOne' : 'scopeAny', { scopes: operation.scopes.join(', ') })}${operation.apiKey ? ` ${tr('orApiKey')}` : ''}`
    : operation.session
      ? tr('sessionOnly')
      : tr('open');
  return (
    <section aria-labelledby={operation.anchor}>
      <h3 id={operation.anchor}>
        <code>{name}</code>
      </h3>
      <p>{operation.summary}</p>
      {operation.description && <p>{operation.description}</p>}
      <p>
        <strong>{tr('scopes')}:</strong> {access}
      </p>
      {operation.parameters.length > 0 && (
        <Fields rows={operation.parameters} caption={tr('parameters', { operation: name })} tr={tr} />
      )}
      {operation.bodyFields.length > 0 && (
        <Fields
          rows={operation.bodyFields}
          caption={tr('body', { operation: name, type: operation.bodyType ?? 'object' })}
          tr={tr}
        />
      )}
      <div class="table-scroll">
        <table class="data">
          <caption>{tr('answers', { operation: name })}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('status')}</th>
              <th scope="col">{tr('content')}</th>
            </tr>
          </thead>
          <tbody>
            {operation.answers.map((answer) => (
              <tr key={answer.status}>
                <th scope="row">{answer.status}</th>
                <td>{answer.type}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The whole reference page. */
export function ApiReferencePage({
  ctx,
  document,
  tokenUrl,
}: {
  ctx: PageContext;
  document: OpenApiDocument;
  tokenUrl: string;
}) {
  const tr = translator(messages, ctx.lang);
  const operations = referenceOperations(document);
  const tags = [...new Set(operations.map((operation) => operation.tag))];
  return (
    <Layout ctx={ctx} title={tr('title')} wide>
      <h1>{tr('title')}</h1>
      <p>
        {tr('intro')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> ({document.info.title}{' '}
        {document.info.version}).
      </p>
      <h2>{tr('authTitle')}</h2>
      <ul>
        <li>{tr('authToken', { tokenUrl })}</li>
        <li>{tr('authKey')}</li>
        <li>{tr('authAdmin')}</li>
      </ul>
      <nav aria-labelledby="api-contents">
        <h2 id="api-contents">{tr('contents')}</h2>
        <ul>
          {operations.map((operation) => (
            <li key={operation.anchor}>
              <a href={`#${operation.anchor}`}>
                <code>
                  {operation.method} {operation.path}
                </code>
              </a>{' '}
              – {operation.summary}
            </li>
          ))}
          <li>
            <a href="#problem-codes">{tr('problemsTitle')}</a>
          </li>
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {operations
            .filter((operation) => operation.tag === tag)
            .map((operation) => (
              <Operation key={operation.anchor} operation={operation} tr={tr} />
            ))}
        </section>
      ))}
      <h2 id="problem-codes">{tr('problemsTitle')}</h2>
      <p>{tr('problemsIntro')}</p>
      <div class="table-scroll">
        <table class="data">
          <caption>{tr('problemsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('code')}</th>
              <th scope="col">{tr('status')}</th>
              <th scope="col">{tr('meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {errorCodes().map(({ code, status }) => (
              <tr key={code}>
                <th scope="row">
                  <code>{code}</code>
                </th>
                <td>{status}</td>
                <td>{problemMeaning[code]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** Registers the reference page; the document is read once, when the page is first asked for. */
export function registerApiReference(app: FastifyInstance, publicUrl: string): void {
  let document: OpenApiDocument | undefined;
  app.get(API_REFERENCE_PATH, { schema: { hide: true } }, async (request, reply) => {
    document ??= app.swagger() as unknown as OpenApiDocument;
    return sendPage(
      reply,
      <ApiReferencePage
        ctx={pageContext(request)}
        document={document}
        tokenUrl={`${publicUrl}/api/v1/oauth/token`}
      />,
    );
  });
}
