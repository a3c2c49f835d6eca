/**
 * The devices' HTTP door (issue #11): `POST /{tenant}/sensorer/v1/readings` with
 * `Authorization: Bearer <device token>` and a SenML JSON pack (`application/senml+json`, or
 * `application/json`). Answers `200 {accepted, duplicates}`, or an RFC 9457 problem: 401 for a
 * missing, unknown or revoked token, 415 for another media type, 400/422 for refused SenML (the
 * `errors` point at the records). A token route: no session, no CSRF (input-guard.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { SlugParam } from '../../web/http/html-input.ts';

const Params = Type.Object({ tenant: SlugParam });
const MEDIA_TYPES = ['application/senml+json', 'application/json'];
/** A pack of MAX_RECORDS (senml.ts) records fits well inside this. */
const BODY_LIMIT = 256 * 1024;

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function registerSensorApi(app: FastifyInstance, { services }: RouteContext): void {
  app.register(async (scope) => {
    // The body is read as text whatever its type: this route checks the type itself, so a device
    // sending the wrong one gets a problem that names the accepted types.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: Static<typeof Params>; Body: string }>(
      '/:tenant/sensorer/v1/readings',
      { schema: { params: Params }, config: { tokenAuth: true }, bodyLimit: BODY_LIMIT },
      async (request, reply) => {
        const token = bearerToken(request);
        const device = token ? await services.sensors.deviceByToken(token) : undefined;
        const tenant = await services.tenants.bySlug(request.params.tenant).catch(() => undefined);
        if (!device || !tenant || device.tenantId !== tenant.id) {
          reply.header('www-authenticate', 'Bearer realm="ingang-sensors", error="invalid_token"');
          throw new AppError(
            'DEVICE_TOKEN_INVALID',
            'A valid device token is required (Authorization: Bearer …)',
          );
        }
        if (!MEDIA_TYPES.includes(mediaType(request)))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send SenML JSON as ${MEDIA_TYPES.join(' or ')}`);
        const result = await services.sensors.ingest(
          device,
          typeof request.body === 'string' ? request.body : '',
        );
        return reply.status(200).send(result);
      },
    );
  });
}
