/** The little of fontkit (pdfkit's font parser, no types of its own) that the PDF fallback uses. */
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    readonly numGlyphs: number;
    getGlyph(id: number): { path: { commands: unknown[] } };
  }
  export function create(buffer: Buffer): Font;
}
