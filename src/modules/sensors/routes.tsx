/**
 * Sensor pages (issue #11). Administrators: `/{tenant}/handlaggning/admin/sensorer` (list, register,
 * a device's page, its token and limits). Staff of the tenant: `/{tenant}/handlaggning/sensorer`
 * (assets) and `/{tenant}/handlaggning/sensorer/{assetId}` (chart and table). Plain forms with the
 * CSRF token; a change redirects (303), a refused form is shown again with its errors (400). A new
 * token is the one answer that is not redirected: it is shown once, in the answer to its POST,
 * and never put in a URL or kept for a later page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { FormText, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields, typedValues } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin, requireStaff, type StaffRequest } from '../organisation/staff-http.ts';
import type { DeviceForm } from './device-model.ts';
import { sensorMessages } from './messages.ts';
import { type DeviceType, deviceTypeBySlug } from './model.ts';
import { AssetsView, AssetView } from './views/asset-views.tsx';
import {
  DevicesView,
  DeviceView,
  NewDeviceView,
  type RefusedDeviceForm,
  TokenView,
} from './views/device-views.tsx';
import { loadChartRenderer } from './views/reading-chart.ts';

const Tenant = Type.Object({ tenant: SlugParam });
const Device = Type.Object({ tenant: SlugParam, deviceId: IdParam });
const Asset = Type.Object({ tenant: SlugParam, assetId: IdParam });
const Query = Type.Object({ typ: Type.Optional(Type.String()), klart: Type.Optional(Type.String()) });
const DeviceBody = formBody({
  name: FormText,
  assetName: FormText,
  assetIdentifier: FormText,
  latitude: FormText,
  longitude: FormText,
  baseName: FormText,
  upper: FormText,
  lower: FormText,
});
const LimitsBody = formBody({ upper: FormText, lower: FormText });

type Route<P extends TSchema> = { Params: Static<P>; Querystring: Static<typeof Query>; Body: DeviceForm };
type DeviceRequest = FastifyRequest<Route<typeof Device>>;

const NOTICES = {
  registrerad: 'noticeRegistered',
  aterkallad: 'noticeRevoked',
  granser: 'noticeLimits',
} as const;

function typeOf(slug: string | undefined): DeviceType {
  const type = deviceTypeBySlug(slug);
  if (!type) throw new AppError('NOT_FOUND');
  return type;
}

export function registerSensorRoutes(app: FastifyInstance, { services, config }: RouteContext): void {
  const admin = '/:tenant/handlaggning/admin/sensorer';
  const sensors = services.sensors;
  const ctxOf = (request: FastifyRequest, staff: StaffRequest) =>
    pageContext(request, pageTenant(staff.tenant));

  async function renderDevice(
    request: DeviceRequest,
    reply: FastifyReply,
    staff: StaffRequest,
    refused?: RefusedDeviceForm,
  ) {
    const device = await sensors.device(staff.actor, request.params.deviceId);
    const key = NOTICES[request.query.klart as keyof typeof NOTICES];
    const notice = key && !refused ? translator(sensorMessages, request.lang)(key) : undefined;
    const endpoint = `${config.publicUrl}/${staff.tenant.slug}/sensorer/v1/readings`;
    const view = (
      <DeviceView
        ctx={ctxOf(request, staff)}
        actor={staff.actor}
        device={device}
        endpoint={endpoint}
        notice={notice}
        refused={refused}
      />
    );
    return sendPage(reply, view, refused ? 400 : 200);
  }

  app.get<Route<typeof Tenant>>(
    admin,
    htmlInput({ params: Tenant, querystring: Query }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const devices = await sensors.devices(staff.actor);
      return sendPage(
        reply,
        <DevicesView ctx={ctxOf(request, staff)} actor={staff.actor} devices={devices} />,
      );
    },
  );

  app.get<Route<typeof Tenant>>(
    `${admin}/ny`,
    htmlInput({ params: Tenant, querystring: Query }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const type = typeOf(request.query.typ);
      return sendPage(reply, <NewDeviceView ctx={ctxOf(request, staff)} actor={staff.actor} type={type} />);
    },
  );

  app.post<Route<typeof Tenant>>(
    `${admin}/ny`,
    htmlInput({ params: Tenant, querystring: Query, body: DeviceBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const type = typeOf(request.query.typ);
      try {
        const id = await sensors.registerDevice(staff.actor, type, request.body ?? {});
        return seeOther(reply, `/${staff.tenant.slug}/handlaggning/admin/sensorer/${id}?klart=registrerad`);
      } catch (error) {
        const refused = { errors: refusedFields(error), values: typedValues(request.body) as DeviceForm };
        const view = (
          <NewDeviceView ctx={ctxOf(request, staff)} actor={staff.actor} type={type} refused={refused} />
        );
        return sendPage(reply, view, 400);
      }
    },
  );

  app.get<Route<typeof Device>>(
    `${admin}/:deviceId`,
    htmlInput({ params: Device, querystring: Query }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      return staff ? renderDevice(request, reply, staff) : reply;
    },
  );

  app.post<Route<typeof Device>>(
    `${admin}/:deviceId/token`,
    htmlInput({ params: Device }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const token = await sensors.issueToken(staff.actor, request.params.deviceId);
      const device = await sensors.device(staff.actor, request.params.deviceId);
      return sendPage(
        reply,
        <TokenView ctx={ctxOf(request, staff)} actor={staff.actor} device={device} token={token} />,
      );
    },
  );

  app.post<Route<typeof Device>>(
    `${admin}/:deviceId/token/aterkalla`,
    htmlInput({ params: Device }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      await sensors.revokeToken(staff.actor, request.params.deviceId);
      return seeOther(
        reply,
        `/${staff.tenant.slug}/handlaggning/admin/sensorer/${request.params.deviceId}?klart=aterkallad`,
      );
    },
  );

  app.post<Route<typeof Device>>(
    `${admin}/:deviceId/granser`,
    htmlInput({ params: Device, querystring: Query, body: LimitsBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const { deviceId } = request.params;
      try {
        await sensors.changeLimits(staff.actor, deviceId, request.body ?? {});
        return seeOther(reply, `/${staff.tenant.slug}/handlaggning/admin/sensorer/${deviceId}?klart=granser`);
      } catch (error) {
        const refused = { errors: refusedFields(error), values: typedValues(request.body) as DeviceForm };
        return renderDevice(request, reply, staff, refused);
      }
    },
  );

  app.get<Route<typeof Tenant>>(
    '/:tenant/handlaggning/sensorer',
    htmlInput({ params: Tenant }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const assets = await sensors.assets(staff.actor);
      return sendPage(reply, <AssetsView ctx={ctxOf(request, staff)} actor={staff.actor} assets={assets} />);
    },
  );

  app.get<Route<typeof Asset>>(
    '/:tenant/handlaggning/sensorer/:assetId',
    htmlInput({ params: Asset }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const details = await sensors.asset(staff.actor, request.params.assetId);
      await loadChartRenderer();
      return sendPage(reply, <AssetView ctx={ctxOf(request, staff)} actor={staff.actor} details={details} />);
    },
  );
}
