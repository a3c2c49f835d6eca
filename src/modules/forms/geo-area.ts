/**
 * A municipality's area for places given as WGS 84 coordinates (issue #11): a bounding box, and
 * optionally a polygon inside it. Pure.
 */

/** Degrees, WGS 84 (EPSG:4326). */
export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface GeoArea {
  boundingBox: BoundingBox;
  /**
   * The border as one ring of `[longitude, latitude]` pairs (GeoJSON order), inside the box; the box
   * alone decides when absent. The ring need not repeat its first point.
   */
  polygon?: [number, number][];
}

/** Whether a point is inside the polygon ring (even-odd ray casting; the border counts as inside). */
function inRing(ring: [number, number][], latitude: number, longitude: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    const onEdge =
      (longitude - xi) * (yj - yi) === (latitude - yi) * (xj - xi) &&
      longitude >= Math.min(xi, xj) &&
      longitude <= Math.max(xi, xj) &&
      latitude >= Math.min(yi, yj) &&
      latitude <= Math.max(yi, yj);
    if (onEdge) return true;
    if (yi > latitude !== yj > latitude && longitude < ((xj - xi) * (latitude - yi)) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

/** Whether the point lies in the area (its box, and its polygon when it has one); edges count as inside. */
export function isInArea(area: GeoArea, latitude: number, longitude: number): boolean {
  const box = area.boundingBox;
  const inBox =
    latitude >= box.south && latitude <= box.north && longitude >= box.west && longitude <= box.east;
  if (!inBox) return false;
  return area.polygon && area.polygon.length >= 3 ? inRing(area.polygon, latitude, longitude) : true;
}

/** Problems with an area as configured (a tenant's settings), or none. */
export function areaProblems(area: GeoArea): string[] {
  const { south, west, north, east } = area.boundingBox;
  const problems: string[] = [];
  const finite = [south, west, north, east].every((value) => Number.isFinite(value));
  if (!finite || Math.abs(south) > 90 || Math.abs(north) > 90 || Math.abs(west) > 180 || Math.abs(east) > 180)
    problems.push('boundingBox: every edge must be a WGS 84 degree (latitude ±90, longitude ±180)');
  else if (south >= north || west >= east)
    problems.push('boundingBox: south must be below north and west left of east');
  const ring = area.polygon;
  if (
    ring &&
    (ring.length < 3 || ring.some(([lon, lat]) => !isInArea({ boundingBox: area.boundingBox }, lat, lon)))
  )
    problems.push('polygon: needs at least three points, all inside the bounding box');
  return problems;
}

/** The validation option for a tenant's area (none when the tenant has not configured one). */
export function locationAreaOf(tenant: {
  name: string;
  settings: { area?: GeoArea };
}): { area: GeoArea; name: string } | undefined {
  return tenant.settings.area ? { area: tenant.settings.area, name: tenant.name } : undefined;
}
