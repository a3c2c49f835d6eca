/**
 * Reads what pdfkit wrote, for tests: the embedded fonts and the text, decoded through each font's
 * ToUnicode map (the way a PDF reader copies text). Handles pdfkit's own output only: uncompressed
 * object dictionaries, Flate-compressed streams, Identity-H fonts with two-byte glyph codes.
 */
import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | undefined;
}

function objectsOf(pdf: Buffer): Map<string, PdfObject> {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2] ?? '';
    const streamAt = body.search(/stream\r?\n/);
    const dict = streamAt < 0 ? body : body.slice(0, streamAt);
    let stream: Buffer | undefined;
    if (streamAt >= 0) {
      // The stream is exactly /Length bytes after `stream` and its end of line: a regex up to
      // `endstream` cut a byte off when compressed data happened to end in CR (1 in 256).
      const start = streamAt + (/stream\r?\n/.exec(body.slice(streamAt))?.[0].length ?? 0);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const data = Number.isFinite(length)
        ? body.slice(start, start + length)
        : (/stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body)?.[1] ?? '');
      const bytes = Buffer.from(data, 'latin1');
      stream = dict.includes('/FlateDecode') ? zlib.inflateSync(bytes) : bytes;
    }
    objects.set(match[1] as string, { dict, stream });
  }
  return objects;
}

/** A ToUnicode CMap's glyph code → text, from its bfchar and bfrange sections. */
function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  // pdfkit writes a surrogate pair as two space-separated units: <d83d dc4d>.
  const utf16 = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex').swap16().toString('utf16le');
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of (section[1] ?? '').matchAll(/<(\w+)>\s*<(\w+)>\s*(\[[^\]]*\]|<[\w ]+>)/g)) {
      const start = Number.parseInt(line[1] as string, 16);
      const end = Number.parseInt(line[2] as string, 16);
      const targets = [...(line[3] as string).matchAll(/<([\w ]+)>/g)].map((m) => m[1] as string);
      for (let code = start; code <= end; code++) {
        const target = targets.length > 1 ? targets[code - start] : undefined;
        if (target !== undefined) map.set(code, utf16(target));
        else if (targets.length === 1) {
          // The range adds to the last UTF-16 unit (a surrogate pair keeps its high half).
          const units = utf16(targets[0] as string);
          map.set(
            code,
            units.slice(0, -1) + String.fromCharCode(units.charCodeAt(units.length - 1) + code - start),
          );
        }
      }
    }
  }
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const line of (section[1] ?? '').matchAll(/<(\w+)>\s*<([\w ]+)>/g)) {
      map.set(Number.parseInt(line[1] as string, 16), utf16(line[2] as string));
    }
  }
  return map;
}

/** The base names of the fonts a PDF embeds (e.g. `ABCDEF+DejaVuSans`). */
export function pdfFontNames(pdf: Buffer): string[] {
  const names = [...pdf.toString('latin1').matchAll(/\/BaseFont \/([\w+-]+)/g)].map((m) => m[1] as string);
  return [...new Set(names)];
}

/** The text of every `TJ` (one line or line piece each), decoded through the fonts' ToUnicode maps. */
export function pdfText(pdf: Buffer): string {
  const objects = objectsOf(pdf);
  const cmaps = new Map<string, Map<number, string>>();
  for (const [, resource, id] of pdf.toString('latin1').matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(id as string)?.dict ?? '')?.[1];
    const cmap = toUnicode ? objects.get(toUnicode)?.stream : undefined;
    if (cmap) cmaps.set(resource as string, parseCmap(cmap.toString('latin1')));
  }
  const parts: string[] = [];
  for (const { stream } of objects.values()) {
    const content = stream?.toString('latin1') ?? '';
    if (!content.includes(' Tf')) continue;
    let font: Map<number, string> | undefined;
    for (const op of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\]\s*TJ/g)) {
      if (op[1]) font = cmaps.get(op[1]);
      else {
        const hex = [...(op[2] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]).join('');
        const codes = hex.match(/.{4}/g) ?? [];
        parts.push(codes.map((code) => font?.get(Number.parseInt(code, 16)) ?? '\ufffd').join(''));
      }
    }
  }
  return parts.join('\n');
}

/** The font programs a PDF embeds (`/FontFile2` streams), by base font name, as font files. */
export function pdfEmbeddedFonts(pdf: Buffer): Map<string, Buffer> {
  const objects = objectsOf(pdf);
  const fonts = new Map<string, Buffer>();
  for (const { dict } of objects.values()) {
    const name = /\/FontName \/([\w+-]+)/.exec(dict)?.[1];
    const file = /\/FontFile2 (\d+) 0 R/.exec(dict)?.[1];
    const stream = file ? objects.get(file)?.stream : undefined;
    if (name && stream) fonts.set(name, stream);
  }
  return fonts;
}
