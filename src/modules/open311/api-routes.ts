/**
 * Open311 GeoReport v2 over HTTP (issue #11; docs/open311.md): `/{tenant}/open311/v2/{resource}`
 * with a `.xml` or `.json` suffix (XML without one), answers in the spec's shapes and its
 * `errors` array with 400/403/404. POST bodies are `application/x-www-form-urlencoded` only. The
 * routes authenticate by `api_key` (POST, and the updates extension), not by session: no CSRF.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { submitRateLimit } from '../../platform/rate-limit/rate-limit.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import {
  attributesOf,
  bad,
  dateArg,
  decodeCursor,
  encodeCursor,
  type FormBody,
  listArg,
  Open311Error,
} from './model.ts';
import { toXml, type XmlValue } from './xml.ts';

type Format = 'xml' | 'json';
const BODY_LIMIT = 64 * 1024;
const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;
const DEFAULT_DAYS = 90;
/** At most this many `service_request_id` in one GET (each is one indexed look-up). */
const MAX_IDS = 100;
/** The spec's own changeset date of this server's Open311 endpoint (discovery). */
const CHANGESET = '2026-12-05T00:00:00Z';

/** The last path segment without its format suffix, and the format. */
function splitFormat(segment: string): { name: string; format: Format } {
  const match = /^(.*)\.(xml|json)$/.exec(segment);
  return match ? { name: match[1] as string, format: match[2] as Format } : { name: segment, format: 'xml' };
}

function formatOfUrl(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.json') ? 'json' : 'xml';
}

/** Sends a list (or one object) in the asked format; `root` is the XML root (`service_requests`). */
function send(reply: FastifyReply, format: Format, root: string, value: XmlValue, status = 200) {
  reply.status(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
  return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
}

function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  // The spec's JSON shows the code as a number (`[{"code":403,…}]`); XML has only text.
  return send(reply, format, 'errors', [{ code: status, description }], status);
}

/** A form body as name → value, repeated names as arrays (`attribute[x][]`). */
function formOf(request: FastifyRequest): FormBody {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw bad('The body must be application/x-www-form-urlencoded');
  const text = typeof request.body === 'string' ? request.body : '';
  const body: FormBody = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const before = body[key];
    body[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return body;
}

function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const result: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw bad(`${key} was given more than once`);
    result[key] = typeof value === 'string' ? value : undefined;
  }
  return result;
}

export function registerOpen311Api(app: FastifyInstance, { services, config, now }: RouteContext): void {
  const open311 = services.open311;

  async function tenantOf(slug: string, jurisdiction: string | undefined): Promise<Tenant> {
    const tenant = await services.tenants.bySlug(slug).catch(() => undefined);
    if (!tenant) throw new Open311Error(404, 'jurisdiction not found');
    if (jurisdiction !== undefined && jurisdiction !== '' && jurisdiction !== tenant.slug)
      throw new Open311Error(404, `jurisdiction_id ${jurisdiction} not found`);
    return tenant;
  }

  async function get(request: FastifyRequest, reply: FastifyReply, tenantSlug: string, parts: string[]) {
    const last = splitFormat(parts.at(-1) ?? '');
    const format = last.format;
    const query = queryOf(request);
    const tenant = await tenantOf(tenantSlug, query.jurisdiction_id);
    const resource = parts.length === 1 ? last.name : parts[0];
    const id = parts.length === 2 ? last.name : undefined;
    const base = `${config.publicUrl}/${tenant.slug}/open311/v2`;

    if (resource === 'discovery' && !id)
      return send(reply, format, 'discovery', {
        changeset: CHANGESET,
        contact: `${tenant.name}: ${config.publicUrl}/${tenant.slug}`,
        key_service: `${tenant.name}: API keys are issued by the municipality's administrators`,
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    if (resource === 'services' && !id) {
      const list = await open311.services(tenant.id);
      return send(
        reply,
        format,
        'services',
        list.map((item) => ({
          service_code: item.code,
          service_name: item.name.sv,
          description: `${item.serviceTitle.sv}: ${item.name.sv}`,
          metadata: attributesOf(item.definition).length > 0,
          type: 'realtime',
          keywords: item.code,
          group: item.serviceTitle.sv,
        })),
      );
    }
    if (resource === 'services' && id) {
      const item = await open311.service(tenant.id, id);
      return send(reply, format, 'service_definition', {
        service_code: item.code,
        attributes: attributesOf(item.definition) as unknown as XmlValue,
      });
    }
    if (resource === 'requests' && id) {
      const found = await open311.request(tenant, id);
      return send(reply, format, 'service_requests', [found as unknown as XmlValue]);
    }
    if (resource === 'requests') {
      const references = listArg(query.service_request_id);
      const size = query.page_size === undefined ? DEFAULT_PAGE : Number(query.page_size);
      if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE)
        throw bad(`page_size must be 1 to ${MAX_PAGE}`);
      const statuses = listArg(query.status)?.map((item) => item.toLowerCase());
      if (statuses?.some((item) => item !== 'open' && item !== 'closed'))
        throw bad('status must be open or closed');
      const open = statuses && statuses.length === 1 ? statuses[0] === 'open' : undefined;
      const to = dateArg(query.end_date, 'end_date');
      const from =
        dateArg(query.start_date, 'start_date') ??
        new Date((to ?? now()).getTime() - DEFAULT_DAYS * 86_400_000);
      const cursor = decodeCursor(query.page_after);
      const filter = references
        ? { references: references.slice(0, MAX_IDS), limit: size, ...(cursor ? { cursor } : {}) }
        : {
            ...(listArg(query.service_code) ? { categories: listArg(query.service_code) } : {}),
            ...(open === undefined ? {} : { open }),
            from,
            ...(to ? { to } : {}),
            ...(cursor ? { cursor } : {}),
            limit: size,
          };
      const page = await open311.requests(tenant, filter);
      if (page.next) {
        const next = new URLSearchParams(query as Record<string, string>);
        next.set('page_after', encodeCursor(page.next));
        reply.header('link', `<${base}/requests.${format}?${next}>; rel="next"`);
      }
      return send(reply, format, 'service_requests', page.requests as unknown as XmlValue);
    }
    if (resource === 'tokens' && id) {
      const report = await services.faultReports.reportByToken(tenant, id).catch((error: unknown) => {
        if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'CASE_NOT_FOUND'))
          throw new Open311Error(404, 'token not found');
        throw error;
      });
      return send(reply, format, 'service_requests', [{ service_request_id: report.reference, token: id }]);
    }
    if (resource === 'servicerequestupdates' && !id) {
      const client = await open311.clientByKey(tenant, query.api_key);
      const references = listArg(query.service_request_id);
      if (!references) throw bad('service_request_id is required (one or more, comma-separated)');
      if (references.length > 50) throw bad('At most 50 service_request_id at a time');
      const updates = await open311.updates(tenant, client, references);
      return send(reply, format, 'service_request_updates', updates as unknown as XmlValue);
    }
    throw new Open311Error(404, 'No such Open311 resource');
  }

  async function post(request: FastifyRequest, reply: FastifyReply, tenantSlug: string, parts: string[]) {
    const last = splitFormat(parts.at(-1) ?? '');
    const format = last.format;
    if (parts.length !== 1 || (last.name !== 'requests' && last.name !== 'servicerequestupdates'))
      throw new Open311Error(404, 'No such Open311 resource');
    const body = formOf(request);
    const jurisdiction = body.jurisdiction_id;
    if (Array.isArray(jurisdiction)) throw bad('jurisdiction_id was given more than once');
    const tenant = await tenantOf(tenantSlug, jurisdiction);
    const key = body.api_key;
    const client = await open311.clientByKey(tenant, Array.isArray(key) ? undefined : key);
    if (last.name === 'requests') {
      const created = await open311.submit(tenant, client, body);
      return send(reply, format, 'service_requests', [
        {
          service_request_id: created.reference,
          token: created.token,
          service_notice: null,
          account_id: null,
        },
      ]);
    }
    const updateId = await open311.postUpdate(tenant, client, body);
    return send(reply, format, 'service_request_updates', [{ update_id: updateId }]);
  }

  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((error, request, reply) => {
      const format = formatOfUrl(request.url);
      if (error instanceof Open311Error) return sendError(reply, format, error.status, error.description);
      if (error instanceof AppError && error.status === 404)
        return sendError(reply, format, 404, error.message);
      // Over the rate limit (Retry-After is already set): the spec's error list, with the status.
      if (error instanceof AppError && error.code === 'RATE_LIMITED')
        return sendError(reply, format, 429, error.message);
      // The platform's refusals before the handler (a NUL in the query, issue #14) are the spec's 400.
      if (error instanceof AppError && error.status < 500)
        return sendError(reply, format, 400, error.message);
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413) return sendError(reply, format, 400, 'The body is too large');
      if (status && status >= 400 && status < 500) return sendError(reply, format, 400, 'Malformed request');
      request.log.error({ err: error }, 'Open311 request failed');
      return sendError(reply, format, 500, 'Internal error');
    });
    const options = { config: { tokenAuth: true }, bodyLimit: BODY_LIMIT };
    type Params = { tenant: string; a: string; b?: string };
    scope.get<{ Params: Params }>('/:tenant/open311/v2/:a', options, (request, reply) =>
      get(request, reply, request.params.tenant, [request.params.a]),
    );
    scope.get<{ Params: Params }>('/:tenant/open311/v2/:a/:b', options, (request, reply) =>
      get(request, reply, request.params.tenant, [request.params.a, request.params.b ?? '']),
    );
    // A new request is a submission: limited per address, like the web form's (issue #14).
    const postOptions = { ...options, config: { ...options.config, rateLimit: submitRateLimit } };
    scope.post<{ Params: Params }>('/:tenant/open311/v2/:a', postOptions, (request, reply) =>
      post(request, reply, request.params.tenant, [request.params.a]),
    );
  });
}
