/**
 * Open311 XML (GeoReport v2): no namespace, UTF-8, one element per key, lists as repeated child
 * elements named by the spec's singular (`service_requests` → `request`). Written with xmlbuilder2,
 * which escapes text (`&`, `<`, `>`) and refuses characters XML 1.0 cannot carry.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

/** The element name of a list's items, by the list's own name (as the spec's examples show them). */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  keywords: 'keyword',
};

export type XmlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | XmlValue[]
  | { [key: string]: XmlValue };

/** XML 1.0 allows tab, newline, carriage return and U+0020 upwards (less surrogates and U+FFFE/F). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string | number | boolean): string {
  return String(value).replace(NOT_XML_CHAR, '\uFFFD');
}

function append(parent: XMLBuilder, name: string, value: XmlValue): void {
  const element = parent.ele(name);
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    for (const entry of value) append(element, item, entry);
  } else if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) append(element, key, child);
  } else {
    element.txt(text(value));
  }
}

/** A document with `root` as its element, e.g. `toXml('service_requests', [...])`. */
export function toXml(root: string, value: XmlValue): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  append(document, root, value);
  return document.end({ prettyPrint: false });
}
