/**
 * The administrators' sensor pages (`/{tenant}/handlaggning/admin/sensorer…`): the list, the
 * registration form of one device type, a device's page (how it connects, its token, its limits)
 * and the page that shows a new token once.
 */
import type { ComponentChildren } from 'preact';
import type { SensorDeviceType } from '../../../db/schema.ts';
import { formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { type DeviceForm, limitFields } from '../device-model.ts';
import { sensorErrorKey, sensorMessages } from '../messages.ts';
import { DEVICE_TYPES, type DeviceType, deviceType, formatLimits } from '../model.ts';
import type { DeviceRow } from '../service.ts';

/** A refused form: its field errors (codes) and what was typed. */
export interface RefusedDeviceForm {
  errors: { field: string; message: string }[];
  values: DeviceForm;
}

interface PageProps {
  ctx: PageContext;
  actor: StaffActor;
}

const t = (ctx: PageContext) => translator(sensorMessages, ctx.lang);
export const sensorsBase = (ctx: PageContext) => `${adminBase(ctx)}/sensorer`;
export const assetHref = (ctx: PageContext, assetId: string) =>
  `/${ctx.tenant?.slug ?? ''}/handlaggning/sensorer/${assetId}`;

function fieldError(ctx: PageContext, refused: RefusedDeviceForm | undefined, field: string) {
  const found = refused?.errors.find((error) => error.field === field);
  return found ? t(ctx)(sensorErrorKey(found.message)) : undefined;
}

function summary(ctx: PageContext, refused: RefusedDeviceForm | undefined) {
  return (refused?.errors ?? []).map((error) => ({
    href: `field-${error.field}`,
    message: t(ctx)(sensorErrorKey(error.message)),
  }));
}

export function DevicesView(
  props: PageProps & { devices: (DeviceRow & { lastReadingAt: Date | string | null })[] },
) {
  const { ctx } = props;
  const tr = t(ctx);
  const base = sensorsBase(ctx);
  return (
    <AdminPage ctx={ctx} actor={props.actor} title={tr('devicesTitle')} section="sensors" inputId={() => ''}>
      <p>{tr('devicesIntro')}</p>
      {props.devices.length === 0 ? (
        <p>{tr('devicesNone')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption class="visually-hidden">{tr('devicesCaption')}</caption>
            <thead>
              <tr>
                {(
                  ['colDevice', 'colType', 'colAsset', 'colLimits', 'colToken', 'colLastReading'] as const
                ).map((key) => (
                  <th scope="col" key={key}>
                    {tr(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.devices.map((device) => {
                const type = deviceType(device.type);
                const last = device.lastReadingAt;
                return (
                  <tr key={device.id}>
                    <th scope="row">
                      <a href={`${base}/${device.id}`}>{device.name}</a>
                    </th>
                    <td>{localized(type.label, ctx.lang)}</td>
                    <td>
                      <a href={assetHref(ctx, device.assetId)}>{device.assetName}</a>
                    </td>
                    <td>{formatLimits(type, device.thresholds, ctx.lang)}</td>
                    <td>
                      {device.hasToken && device.tokenIssuedAt
                        ? tr('tokenActive', { date: formatDateTime(device.tokenIssuedAt, ctx.lang) })
                        : tr('tokenNone')}
                    </td>
                    <td>{last ? formatDateTime(last, ctx.lang) : tr('never')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>{tr('registerTitle')}</h2>
      <p>{tr('registerIntro')}</p>
      <ul>
        {DEVICE_TYPES.map((type) => (
          <li key={type.type}>
            <a href={`${base}/ny?typ=${type.slug}`}>
              {tr('registerFor', { type: localized(type.label, ctx.lang) })}
            </a>
          </li>
        ))}
      </ul>
    </AdminPage>
  );
}

function LimitInputs(props: {
  ctx: PageContext;
  type: DeviceType;
  refused?: RefusedDeviceForm;
  current?: { upper?: number; lower?: number };
}) {
  const tr = t(props.ctx);
  const { type } = props;
  return (
    <>
      {limitFields(type).map((field) => {
        const key = `${field}_${type.type}` as `upper_${SensorDeviceType}`;
        const hint = `${field}Hint_${type.type}` as `upperHint_${SensorDeviceType}`;
        const typed = props.refused?.values[field];
        const current = props.current?.[field];
        return (
          <TextInput
            key={field}
            id={`field-${field}`}
            name={field}
            label={tr(key)}
            hint={tr(hint)}
            value={
              typed ??
              (current === undefined ? '' : String(current).replace('.', props.ctx.lang === 'sv' ? ',' : '.'))
            }
            error={fieldError(props.ctx, props.refused, field)}
            lang={props.ctx.lang}
          />
        );
      })}
    </>
  );
}

export function NewDeviceView(props: PageProps & { type: DeviceType; refused?: RefusedDeviceForm }) {
  const { ctx, type, refused } = props;
  const tr = t(ctx);
  const value = (field: keyof DeviceForm) => refused?.values[field];
  const input = (
    field: keyof DeviceForm,
    label: Parameters<typeof tr>[0],
    hint?: Parameters<typeof tr>[0],
  ) => (
    <TextInput
      id={`field-${field}`}
      name={field}
      label={tr(label)}
      hint={hint ? tr(hint) : undefined}
      value={value(field)}
      error={fieldError(ctx, refused, field)}
      lang={ctx.lang}
    />
  );
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('newDeviceTitle', { type: localized(type.label, ctx.lang) })}
      section="sensors"
      inputId={() => ''}
      summaryErrors={summary(ctx, refused)}
    >
      <PostForm action={`${sensorsBase(ctx)}/ny?typ=${type.slug}`} csrfToken={ctx.csrfToken}>
        {input('name', 'deviceName', 'deviceNameHint')}
        {input('assetName', 'assetName', 'assetNameHint')}
        {input('assetIdentifier', 'assetIdentifier', 'assetIdentifierHint')}
        {input('latitude', 'latitude', 'latitudeHint')}
        {input('longitude', 'longitude', 'longitudeHint')}
        <LimitInputs ctx={ctx} type={type} refused={refused} />
        {input('baseName', 'baseName', 'baseNameHint')}
        <button type="submit" class="button">
          {tr('registerButton')}
        </button>{' '}
        <a href={sensorsBase(ctx)}>{tr('cancel')}</a>
      </PostForm>
    </AdminPage>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export interface DeviceViewProps extends PageProps {
  device: DeviceRow;
  endpoint: string;
  notice?: string;
  refused?: RefusedDeviceForm;
}

function Connection({ ctx, device, endpoint }: DeviceViewProps) {
  const tr = t(ctx);
  const type = deviceType(device.type);
  return (
    <>
      <h2>{tr('connectTitle')}</h2>
      <dl class="summary-list">
        <Fact term={tr('httpEndpoint')}>
          <code>{endpoint}</code>
        </Fact>
        <Fact term={tr('mqttTopic')}>
          <code>{`ingang/${ctx.tenant?.slug ?? ''}/${device.id}/senml`}</code>
        </Fact>
        <Fact term={tr('senmlNames')}>
          {type.measurements.map((measurement) => (
            <p key={measurement.key}>
              <code>{`${device.baseName}${measurement.key}`}</code> ({localized(measurement.label, ctx.lang)};{' '}
              {tr('acceptedUnits').toLowerCase()}: <code>{Object.keys(measurement.units).join(', ')}</code>)
            </p>
          ))}
        </Fact>
      </dl>
    </>
  );
}

export function DeviceView(props: DeviceViewProps) {
  const { ctx, device, refused } = props;
  const tr = t(ctx);
  const type = deviceType(device.type);
  const action = `${sensorsBase(ctx)}/${device.id}`;
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('deviceTitle', { name: device.name })}
      section="sensors"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={summary(ctx, refused)}
    >
      <h2>{tr('facts')}</h2>
      <dl class="summary-list">
        <Fact term={tr('type')}>{localized(type.label, ctx.lang)}</Fact>
        <Fact term={tr('asset')}>
          <a href={assetHref(ctx, device.assetId)}>{tr('viewAsset', { asset: device.assetName })}</a>
        </Fact>
        <Fact term={tr('position')}>
          {device.latitude}, {device.longitude}
        </Fact>
        <Fact term={tr('limits')}>{formatLimits(type, device.thresholds, ctx.lang)}</Fact>
        <Fact term={tr('duplicates')}>{String(device.duplicatesDropped)}</Fact>
      </dl>
      <Connection {...props} />
      <h2>{tr('tokenTitle')}</h2>
      <p>
        {device.hasToken && device.tokenIssuedAt
          ? tr('tokenStatusActive', { date: formatDateTime(device.tokenIssuedAt, ctx.lang) })
          : tr('tokenStatusNone')}
      </p>
      <div class="button-row">
        <PostForm action={`${action}/token`} csrfToken={ctx.csrfToken} class="inline-form">
          <button type="submit" class="button">
            {device.hasToken ? tr('rotateToken') : tr('issueToken')}
          </button>
        </PostForm>{' '}
        {device.hasToken && (
          <PostForm action={`${action}/token/aterkalla`} csrfToken={ctx.csrfToken} class="inline-form">
            <button type="submit" class="button secondary">
              {tr('revokeToken')}
            </button>
          </PostForm>
        )}
      </div>
      <h2>{tr('changeLimitsTitle')}</h2>
      <PostForm action={`${action}/granser`} csrfToken={ctx.csrfToken}>
        <LimitInputs ctx={ctx} type={type} refused={refused} current={device.thresholds} />
        <button type="submit" class="button">
          {tr('changeLimitsButton')}
        </button>
      </PostForm>
    </AdminPage>
  );
}

export function TokenView(props: PageProps & { device: DeviceRow; token: string }) {
  const { ctx, device } = props;
  const tr = t(ctx);
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('tokenShownTitle', { name: device.name })}
      section="sensors"
      inputId={() => ''}
    >
      <p>{tr('tokenShownIntro')}</p>
      <dl class="summary-list">
        <Fact term={tr('tokenLabel')}>
          <code class="secret">{props.token}</code>
        </Fact>
      </dl>
      <p>
        <a href={`${sensorsBase(ctx)}/${device.id}`}>{tr('backToDevice')}</a>
      </p>
    </AdminPage>
  );
}
