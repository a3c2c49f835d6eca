/**
 * Leaflet (the map of fault reports, decision 0019) served from our own origin: its script, its
 * stylesheet and the images the stylesheet names, under a path with the package's version in it,
 * so they can be cached for a year and a new version is a new path.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const packageFile = require.resolve('leaflet/package.json');
const distDir = path.join(path.dirname(packageFile), 'dist');
const version = (JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { version: string }).version;

/** The URL path Leaflet's files are served under, e.g. `/static/leaflet-1.9.4`. */
export const LEAFLET_PATH = `/static/leaflet-${version}`;
export const LEAFLET_SCRIPT = `${LEAFLET_PATH}/leaflet.js`;
export const LEAFLET_STYLESHEET = `${LEAFLET_PATH}/leaflet.css`;

export interface LeafletFile {
  body: Buffer;
  type: string;
}

/** The files, by their path below LEAFLET_PATH (`leaflet.js`, `images/marker-icon.png`, …). */
export function loadLeafletFiles(): Map<string, LeafletFile> {
  const files = new Map<string, LeafletFile>([
    ['leaflet.js', { body: fs.readFileSync(path.join(distDir, 'leaflet.js')), type: 'text/javascript' }],
    [
      'leaflet.css',
      { body: fs.readFileSync(path.join(distDir, 'leaflet.css')), type: 'text/css; charset=utf-8' },
    ],
  ]);
  for (const name of fs.readdirSync(path.join(distDir, 'images'))) {
    if (!name.endsWith('.png')) continue;
    files.set(`images/${name}`, {
      body: fs.readFileSync(path.join(distDir, 'images', name)),
      type: 'image/png',
    });
  }
  return files;
}
