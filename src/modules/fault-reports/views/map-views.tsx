/**
 * The fault report map (issue #11, decision 0019): the markup our own script
 * (`/static/fault-map.js`) turns into a Leaflet map. Everything the script needs is in data
 * attributes (no inline script: the CSP allows none). Without JavaScript only the "skip the map"
 * link shows; the map's part stays `hidden`, and the address and coordinate inputs do the work.
 */
import type { MapTiles } from '../../../config.ts';
import { LEAFLET_SCRIPT, LEAFLET_STYLESHEET } from '../../../platform/http/leaflet-assets.ts';
import { type Language, translator } from '../../../platform/i18n/i18n.ts';
import type { PageAssets } from '../../../web/layout.tsx';
import type { BoundingBox } from '../../forms/geo-area.ts';
import { type FaultReportMessageKey, faultReportMessages } from '../messages.ts';

/** Our own script, after Leaflet (both deferred, so they run in this order). */
export const MAP_ASSETS: PageAssets = {
  stylesheets: [LEAFLET_STYLESHEET],
  scripts: [LEAFLET_SCRIPT, '/static/fault-map.js'],
};

/** How far around the pin the form looks for open reports, in metres. */
export const NEARBY_RADIUS_M = 250;

/** Sweden, for a tenant without an area. */
const SWEDEN: BoundingBox = { south: 55.3, west: 10.9, north: 69.1, east: 24.2 };

/** The texts the script shows, raw (with `{placeholders}` it fills itself). */
const SCRIPT_TEXTS: FaultReportMessageKey[] = [
  'mapPin',
  'mapZoomIn',
  'mapZoomOut',
  'mapPinPlaced',
  'nearbyTitle',
  'nearbyIntro',
  'nearbyNone',
  'nearbyFailed',
  'nearbyFollow',
  'nearbyFacts',
];

function dataAttributes(
  lang: Language,
  tiles: MapTiles,
  area: BoundingBox | undefined,
): Record<string, string> {
  const box = area ?? SWEDEN;
  const texts = Object.fromEntries(
    SCRIPT_TEXTS.map((key) => [
      `data-text-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      faultReportMessages[lang][key],
    ]),
  );
  return {
    'data-tiles': tiles.urlTemplate,
    'data-attribution': tiles.attribution,
    ...(tiles.attributionUrl ? { 'data-attribution-url': tiles.attributionUrl } : {}),
    'data-bounds': [box.south, box.west, box.north, box.east].join(','),
    ...texts,
  };
}

export interface LocationMapPanelProps {
  lang: Language;
  tiles: MapTiles;
  area: BoundingBox | undefined;
  /** The location field's id: its inputs are `{fieldId}.address`, `.latitude`, `.longitude`. */
  fieldId: string;
  /** The nearby-reports endpoint, `/{tenant}/felanmalan/nara.json`. */
  nearbyUrl: string;
}

/** In the felanmälan form's location field, before the address: drop a pin, see reports nearby. */
export function LocationMapPanel({ lang, tiles, area, fieldId, nearbyUrl }: LocationMapPanelProps) {
  const t = translator(faultReportMessages, lang);
  const mapId = `${fieldId}-map`;
  return (
    <div class="fault-map-panel">
      <p>
        <a class="skip-map" href={`#${fieldId}.address`}>
          {t('mapSkip')}
        </a>
      </p>
      <div
        class="fault-map-part"
        hidden
        data-fault-map="pick"
        data-latitude-input={`${fieldId}.latitude`}
        data-longitude-input={`${fieldId}.longitude`}
        data-nearby={nearbyUrl}
        data-radius={String(NEARBY_RADIUS_M)}
        data-lang={lang}
        {...dataAttributes(lang, tiles, area)}
      >
        <p class="hint" id={`${mapId}-hint`}>
          {t('mapHint')}
        </p>
        <section class="fault-map" id={mapId} aria-label={t('mapLabel')} aria-describedby={`${mapId}-hint`} />
        <p>
          <button type="button" class="button secondary" data-map-centre>
            {t('mapCentre')}
          </button>
        </p>
        <p class="visually-hidden" data-map-status aria-live="polite" />
        <div class="nearby-reports" data-nearby-list aria-live="polite" />
      </div>
    </div>
  );
}

export interface OpenReportsMapProps {
  lang: Language;
  tiles: MapTiles;
  area: BoundingBox | undefined;
  /** The GeoJSON of the list's reports (the same filter and page). */
  geojsonUrl: string;
}

/** On the public list: the same reports as markers; the table below stays the page's content. */
export function OpenReportsMap({ lang, tiles, area, geojsonUrl }: OpenReportsMapProps) {
  const t = translator(faultReportMessages, lang);
  return (
    <section
      class="fault-map-part"
      hidden
      data-fault-map="show"
      data-reports={geojsonUrl}
      data-lang={lang}
      {...dataAttributes(lang, tiles, area)}
      aria-labelledby="open-map-title"
    >
      <h2 id="open-map-title">{t('mapOpenTitle')}</h2>
      <p class="hint" id="open-map-hint">
        {t('mapOpenHint')}
      </p>
      <section class="fault-map" aria-label={t('mapOpenTitle')} aria-describedby="open-map-hint" />
    </section>
  );
}
