/**
 * The staff's asset pages (`/{tenant}/handlaggning/sensorer…`): the assets with sensors, and one
 * asset with a chart of each measurement (server-rendered SVG, limits marked), the latest readings
 * as a table beside it (the chart's text alternative) and its open alarm case linked.
 */
import { formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { sensorMessages } from '../messages.ts';
import { deviceType, formatValue, isOutside } from '../model.ts';
import type { AssetDetails, MeasurementSeries } from '../service.ts';
import { CHART_DAYS } from '../service.ts';
import { assetHref } from './device-views.tsx';
import { readingChartSvg } from './reading-chart.ts';

interface PageProps {
  ctx: PageContext;
  actor: StaffActor;
}

const timeFormats = {
  sv: new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }),
};

export interface AssetSummary {
  id: string;
  name: string;
  identifier: string | null;
  deviceCount: number | string | null;
  alarmsOutside: number | string | null;
}

export function AssetsView(props: PageProps & { assets: AssetSummary[] }) {
  const { ctx } = props;
  const t = translator(sensorMessages, ctx.lang);
  return (
    <BackOfficeLayout ctx={ctx} actor={props.actor} title={t('assetsTitle')}>
      <h1>{t('assetsTitle')}</h1>
      <p>{t('assetsIntro')}</p>
      {props.assets.length === 0 ? (
        <p>{t('assetsNone')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption class="visually-hidden">{t('assetsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colAsset')}</th>
                <th scope="col">{t('colDevices')}</th>
                <th scope="col">{t('colAlarm')}</th>
              </tr>
            </thead>
            <tbody>
              {props.assets.map((asset) => (
                <tr key={asset.id}>
                  <th scope="row">
                    <a href={assetHref(ctx, asset.id)}>{asset.name}</a>
                  </th>
                  <td>{Number(asset.deviceCount ?? 0)}</td>
                  <td>{Number(asset.alarmsOutside ?? 0) > 0 ? t('alarmOn') : t('alarmOff')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </BackOfficeLayout>
  );
}

function limitLines(ctx: PageContext, series: MeasurementSeries) {
  const t = translator(sensorMessages, ctx.lang);
  const type = deviceType(series.type);
  const measurement = type.measurements.find((candidate) => candidate.key === series.measurement);
  const { upper, lower } = series.thresholds ?? {};
  if (!measurement) return [];
  const value = (number: number) => formatValue(measurement, number, ctx.lang);
  if (upper !== undefined && lower !== undefined)
    return [
      { value: upper, label: t('upperLine', { value: value(upper) }) },
      { value: lower, label: t('lowerLine', { value: value(lower) }) },
    ];
  return upper !== undefined ? [{ value: upper, label: t('limitLine', { value: value(upper) }) }] : [];
}

function MeasurementSection({
  ctx,
  series,
  index,
}: {
  ctx: PageContext;
  series: MeasurementSeries;
  index: number;
}) {
  const t = translator(sensorMessages, ctx.lang);
  const type = deviceType(series.type);
  const measurement = type.measurements.find((candidate) => candidate.key === series.measurement);
  if (!measurement) return null;
  const name = localized(measurement.label, ctx.lang);
  const title = t('chartTitle', { measurement: name, device: series.deviceName });
  const number = (value: number) =>
    formatValue({ ...measurement, unit: '', unitText: '' }, value, ctx.lang).trim();
  const svg =
    series.series.length > 0
      ? readingChartSvg(
          {
            points: series.series.map((point) => ({ at: new Date(point.at), value: point.value })),
            limits: limitLines(ctx, series),
            unitText: measurement.unitText,
            min: measurement.unit === '%' ? 0 : undefined,
            max: measurement.unit === '%' ? 100 : undefined,
            formatTime: (at) => timeFormats[ctx.lang].format(at),
            formatNumber: number,
          },
          t('chartLabel', {
            measurement: name,
            device: series.deviceName,
            days: CHART_DAYS,
            count: series.series.length,
          }),
        )
      : undefined;
  const headingId = `measurement-${index}`;
  return (
    <section aria-labelledby={headingId} class="measurement">
      <h2 id={headingId}>{title}</h2>
      <div class="chart-and-table">
        {svg ? (
          // The SVG is ECharts' output made CSP-safe (reading-chart.ts); its text is escaped there.
          <figure class="chart" dangerouslySetInnerHTML={{ __html: svg }} />
        ) : (
          <p>{t('chartEmpty', { days: CHART_DAYS })}</p>
        )}
        {series.latest.length === 0 ? (
          <p>{t('noReadings')}</p>
        ) : (
          <div class="table-scroll">
            <table class="data">
              <caption>
                {t('tableCaption', {
                  count: series.latest.length,
                  measurement: name,
                  device: series.deviceName,
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('colTime')}</th>
                  <th scope="col">{t('colValue')}</th>
                  {series.thresholds && <th scope="col">{t('colStatus')}</th>}
                </tr>
              </thead>
              <tbody>
                {series.latest.map((reading) => (
                  <tr key={String(reading.at)}>
                    <td>{formatDateTime(reading.at, ctx.lang)}</td>
                    <td>{formatValue(measurement, reading.value, ctx.lang)}</td>
                    {series.thresholds && (
                      <td>
                        {isOutside(type.rule, series.thresholds, reading.value) ? t('outside') : t('inside')}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

export function AssetView(props: PageProps & { details: AssetDetails }) {
  const { ctx, details } = props;
  const t = translator(sensorMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug ?? ''}/handlaggning`;
  return (
    <BackOfficeLayout ctx={ctx} actor={props.actor} title={details.asset.name}>
      <p>
        <a href={`${base}/sensorer`}>{t('backToAssets')}</a>
      </p>
      <h1>{t('assetTitle', { asset: details.asset.name })}</h1>
      <dl class="summary-list">
        {details.asset.identifier && (
          <div>
            <dt>{t('assetIdentifierFact')}</dt>
            <dd>{details.asset.identifier}</dd>
          </div>
        )}
        <div>
          <dt>{t('openCase')}</dt>
          <dd>
            {details.openCases.length === 0
              ? t('noOpenCase')
              : details.openCases.map((open) => (
                  <p key={open.reference}>
                    <a href={`${base}/arenden/${open.reference}`}>
                      {t('openCaseLink', { reference: open.reference })}
                    </a>
                  </p>
                ))}
          </dd>
        </div>
        <div>
          <dt>{t('devicesOfAsset')}</dt>
          <dd>
            {details.devices
              .map((device) => `${device.name} (${localized(deviceType(device.type).label, ctx.lang)})`)
              .join(', ')}
          </dd>
        </div>
      </dl>
      {details.measurements.map((series, index) => (
        <MeasurementSection
          key={`${series.deviceId}-${series.measurement}`}
          ctx={ctx}
          series={series}
          index={index}
        />
      ))}
    </BackOfficeLayout>
  );
}
