/*
 * The fault report map (issue #11, decision 0019): progressive enhancement of markup rendered by
 * src/modules/fault-reports/views/map-views.tsx. Runs after Leaflet (both deferred scripts from our
 * own origin; the Content-Security-Policy allows no inline script). Without it the page works as is:
 * the address and coordinate inputs, and the list of open reports.
 *
 * - `data-fault-map="pick"` (the felanmälan form): a click, a tap, Enter on the focused map or the
 *   "centre" button drops a pin that fills the latitude/longitude inputs (which stay visible and
 *   editable; typing in them moves the pin), then lists the open reports nearby from the
 *   nearby-reports endpoint: "Already reported? Follow it instead".
 * - `data-fault-map="show"` (the public list): the list's reports as markers, from its GeoJSON.
 */
(() => {
  const L = window.L;
  if (!L) return;

  const fill = (text, values) =>
    text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

  const escapeHtml = (text) =>
    text.replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );

  /** An element with text content (never HTML: the texts come from the server as plain text). */
  const element = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };

  const REPORT_STYLE = { radius: 9, color: '#8a1c1c', weight: 3, fillColor: '#d13438', fillOpacity: 0.7 };

  /** Shows the map's part and makes the Leaflet map in it, fitted to the municipality's area. */
  function baseMap(root) {
    const data = root.dataset;
    root.hidden = false;
    const container = root.querySelector('.fault-map');
    const map = L.map(container, { zoomControl: false });
    L.control.zoom({ zoomInTitle: data.textMapZoomIn, zoomOutTitle: data.textMapZoomOut }).addTo(map);
    const text = escapeHtml(data.attribution);
    const attribution = data.attributionUrl
      ? `<a href="${escapeHtml(data.attributionUrl)}">${text}</a>`
      : text;
    // The tile host gets our origin as Referer (some tile policies require one), never the page's path.
    L.tileLayer(data.tiles, { attribution, maxZoom: 19, referrerPolicy: 'strict-origin' }).addTo(map);
    const [south, west, north, east] = data.bounds.split(',').map(Number);
    map.fitBounds([
      [south, west],
      [north, east],
    ]);
    return { map, container, data };
  }

  const dateFormat = (lang) =>
    new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium' });

  /** A coordinate typed by the resident (a decimal comma is fine), or undefined. */
  function typedNumber(input, limit) {
    const raw = input.value.trim().replace(',', '.');
    if (raw === '') return undefined;
    const value = Number(raw);
    return Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
  }

  function pick(root) {
    const { map, container, data } = baseMap(root);
    const latitudeInput = document.getElementById(data.latitudeInput);
    const longitudeInput = document.getElementById(data.longitudeInput);
    const status = root.querySelector('[data-map-status]');
    const list = root.querySelector('[data-nearby-list]');
    const reports = L.layerGroup().addTo(map);
    const dates = dateFormat(data.lang);
    let pin;
    let latest = 0;

    const placePin = (latlng) => {
      if (pin) pin.setLatLng(latlng);
      else
        pin = L.marker(latlng, { title: data.textMapPin, alt: data.textMapPin, keyboard: false }).addTo(map);
    };

    function showReports(features) {
      list.replaceChildren(element('h2', data.textNearbyTitle, 'nearby-title'));
      reports.clearLayers();
      if (features.length === 0) {
        list.append(element('p', fill(data.textNearbyNone, { radius: data.radius })));
        return;
      }
      list.append(element('p', data.textNearbyIntro));
      const items = element('ul', undefined, 'nearby-list');
      for (const feature of features) {
        const report = feature.properties;
        const item = element('li');
        const facts = fill(data.textNearbyFacts, {
          status: report.status,
          date: dates.format(new Date(report.submittedAt)),
          distance: report.distanceMeters,
        });
        const link = element('a', fill(data.textNearbyFollow, { reference: report.reference }));
        link.href = report.href;
        item.append(element('strong', report.category), ' – ', facts, '. ', link);
        items.append(item);
        const [longitude, latitude] = feature.geometry.coordinates;
        L.circleMarker([latitude, longitude], REPORT_STYLE).bindTooltip(report.category).addTo(reports);
      }
      list.append(items);
    }

    async function nearby(latitude, longitude) {
      const mine = ++latest;
      // Busy until this answer (or a later one) is shown: assistive technology waits for the list.
      list.setAttribute('aria-busy', 'true');
      const query = new URLSearchParams({
        lat: latitude.toFixed(6),
        lon: longitude.toFixed(6),
        radie: data.radius,
      });
      try {
        const response = await fetch(`${data.nearby}?${query}`, {
          headers: { accept: 'application/geo+json' },
          credentials: 'same-origin',
        });
        if (!response.ok) throw new Error(`nearby reports: ${response.status}`);
        const collection = await response.json();
        if (mine === latest) showReports(collection.features);
      } catch {
        if (mine !== latest) return;
        reports.clearLayers();
        list.replaceChildren(element('p', data.textNearbyFailed));
      } finally {
        if (mine === latest) list.removeAttribute('aria-busy');
      }
    }

    function drop(latlng) {
      const point = L.latLng(latlng).wrap();
      placePin(point);
      latitudeInput.value = point.lat.toFixed(6);
      longitudeInput.value = point.lng.toFixed(6);
      // The coordinates are part of the answer: show them, so they can be read and changed.
      const details = latitudeInput.closest('details');
      if (details) details.open = true;
      status.textContent = fill(data.textMapPinPlaced, {
        latitude: latitudeInput.value,
        longitude: longitudeInput.value,
      });
      nearby(point.lat, point.lng);
    }

    /** Coordinates typed (or kept in the draft) move the pin there. */
    function followInputs(centre) {
      const latitude = typedNumber(latitudeInput, 90);
      const longitude = typedNumber(longitudeInput, 180);
      if (latitude === undefined || longitude === undefined) return;
      placePin([latitude, longitude]);
      if (centre) map.setView([latitude, longitude], 16);
      else map.panTo([latitude, longitude]);
      nearby(latitude, longitude);
    }

    map.on('click', (event) => drop(event.latlng));
    container.addEventListener('keydown', (event) => {
      if (event.target !== container || (event.key !== 'Enter' && event.key !== ' ')) return;
      event.preventDefault();
      drop(map.getCenter());
    });
    root.querySelector('[data-map-centre]').addEventListener('click', () => drop(map.getCenter()));
    latitudeInput.addEventListener('change', () => followInputs(false));
    longitudeInput.addEventListener('change', () => followInputs(false));
    followInputs(true);
  }

  async function show(root) {
    const { map, data } = baseMap(root);
    const dates = dateFormat(data.lang);
    const response = await fetch(data.reports, {
      headers: { accept: 'application/geo+json' },
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    const collection = await response.json();
    const markers = L.featureGroup().addTo(map);
    for (const feature of collection.features) {
      const report = feature.properties;
      const [longitude, latitude] = feature.geometry.coordinates;
      const popup = element('div');
      const link = element('a', report.reference);
      link.href = report.href;
      popup.append(
        element('strong', report.category),
        element('br'),
        `${report.status}, ${dates.format(new Date(report.submittedAt))} `,
        element('br'),
        link,
      );
      L.circleMarker([latitude, longitude], REPORT_STYLE).bindPopup(popup).addTo(markers);
    }
    // Close in on the reports, but not closer than a street's view.
    if (collection.features.length > 0)
      map.fitBounds(markers.getBounds(), { maxZoom: 15, padding: [24, 24] });
  }

  for (const root of document.querySelectorAll('[data-fault-map]')) {
    if (root.dataset.faultMap === 'pick') pick(root);
    else show(root);
  }
})();
