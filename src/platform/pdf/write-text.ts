/**
 * Writes text that may mix scripts: split into runs by which font has the glyphs (DejaVu Sans first,
 * then Noto Sans SC, then Noto Emoji) and written with pdfkit's `continued`, so lines still wrap as
 * one paragraph. A character no font has stays in DejaVu and shows its empty box.
 */
import * as fontkit from 'fontkit';
import { FALLBACKS, type FontSubset } from './fallback-fonts.ts';
import { DEJAVU, PDF_FONT } from './unicode-fonts.ts';

/** A piece of text and the registered font name (and bytes, for fallbacks) to write it with. */
export interface TextRun {
  text: string;
  font: string;
  source?: Buffer;
}

const dejavu = {
  regular: fontkit.create(DEJAVU.regular),
  bold: fontkit.create(DEJAVU.bold),
};

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

function hasAll(font: fontkit.Font, codePoints: number[]): boolean {
  return codePoints.every((codePoint) => font.hasGlyphForCodePoint(codePoint));
}

/** The fallback subset for a grapheme DejaVu lacks: one with every code point, else the base's. */
function fallbackFor(codePoints: number[], bold: boolean): FontSubset | undefined {
  const candidates = (bold ? FALLBACKS.bold : FALLBACKS.regular)
    .map((family) => family.subsetFor(codePoints[0] as number))
    .filter((subset): subset is FontSubset => subset?.loaded !== undefined);
  return (
    candidates.find((subset) => hasAll(subset.loaded?.font as fontkit.Font, codePoints)) ?? candidates[0]
  );
}

/** Splits text into runs by font, grapheme by grapheme (so an emoji and its modifiers stay together). */
export function textRuns(text: string, bold = false): TextRun[] {
  const base = bold ? PDF_FONT.bold : PDF_FONT.regular;
  const runs: TextRun[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const codePoints = [...segment].map((char) => char.codePointAt(0) as number);
    let run: TextRun = { text: segment, font: base };
    if (!hasAll(bold ? dejavu.bold : dejavu.regular, codePoints) && !/^\p{Cc}/u.test(segment)) {
      const subset = fallbackFor(codePoints, bold);
      if (subset?.loaded) run = { text: segment, font: subset.name, source: subset.loaded.buffer };
    }
    const last = runs.at(-1);
    if (last?.font === run.font) last.text += segment;
    else runs.push(run);
  }
  return runs;
}

const registered = new WeakMap<PDFKit.PDFDocument, Set<string>>();

/** Options for `writeText`: pdfkit's text options, and whether to write in bold. */
export type WriteTextOptions = PDFKit.Mixins.TextOptions & { bold?: boolean };

/**
 * Writes user-supplied text like `doc.text(text, options)`, switching fonts where DejaVu lacks a
 * glyph. Fallback fonts are registered on the document only when a run needs them, so a Latin-only
 * PDF embeds DejaVu alone. Leaves the regular (or bold) DejaVu font current.
 */
export function writeText(
  doc: PDFKit.PDFDocument,
  text: string,
  options: WriteTextOptions = {},
): PDFKit.PDFDocument {
  const { bold = false, ...textOptions } = options;
  const base = bold ? PDF_FONT.bold : PDF_FONT.regular;
  const runs = textRuns(text, bold);
  if (runs.length === 0) return doc.font(base).text(text, textOptions);
  const names = registered.get(doc) ?? new Set<string>();
  registered.set(doc, names);
  runs.forEach((run, index) => {
    if (run.source && !names.has(run.font)) {
      doc.registerFont(run.font, run.source);
      names.add(run.font);
    }
    const continued = index < runs.length - 1 ? true : textOptions.continued;
    doc.font(run.font).text(run.text, { ...textOptions, continued });
  });
  return doc.font(base);
}
