/**
 * The fonts every PDF we make embeds (docs/decisions/0008-pdf-unicode-font.md): DejaVu Sans, shipped
 * through npm (dejavu-fonts-ttf), for Latin, Greek, Cyrillic, Arabic, Hebrew and more. The PDF
 * standard fonts (Helvetica) only know Latin-1, so an Arabic or Greek answer came out garbled.
 * pdfkit embeds only the glyphs a document uses (subsetting), so a receipt stays small. Text DejaVu
 * lacks (Chinese, Japanese kana, emoji) goes through `writeText` (write-text.ts) and its fallbacks.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);

/** The DejaVu font files, read once: every receipt and letter uses them. */
export const DEJAVU = {
  regular: fs.readFileSync(path.join(fontDir, 'DejaVuSans.ttf')),
  bold: fs.readFileSync(path.join(fontDir, 'DejaVuSans-Bold.ttf')),
};

/** The names to pass to `doc.font()` once `useUnicodeFonts` has run. */
export const PDF_FONT = { regular: 'Body', bold: 'Bold' } as const;

/** Registers the Unicode fonts on a new document and makes the regular one current. */
export function useUnicodeFonts(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  doc.registerFont(PDF_FONT.regular, DEJAVU.regular);
  doc.registerFont(PDF_FONT.bold, DEJAVU.bold);
  return doc.font(PDF_FONT.regular);
}
