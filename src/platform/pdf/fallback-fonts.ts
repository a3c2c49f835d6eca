/**
 * Fallback fonts for what DejaVu Sans lacks (docs/decisions/0008-pdf-unicode-font.md): Noto Sans SC
 * (Chinese, Japanese kana) and Noto Emoji (monochrome), from the @fontsource packages. Each package
 * ships a weight as ~100 small WOFF2 files split by Unicode range, described by the package's CSS
 * (`400.css`); we read that CSS once and load a file only when a text needs one of its characters, so
 * a Latin-only PDF never touches them.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

/** One WOFF2 file of a split font: its bytes and parsed font are read on first use. */
export interface FontSubset {
  /** The name to register in a PDF document; unique per file. */
  name: string;
  file: string;
  ranges: Array<[number, number]>;
  loaded?: { buffer: Buffer; font: fontkit.Font };
}

const require = createRequire(import.meta.url);

function packageDir(pkg: string): string {
  // The fontsource packages export only CSS and LICENSE, not package.json.
  return path.dirname(require.resolve(`${pkg}/LICENSE`));
}

/** The `@font-face` rules of a fontsource CSS file: file and unicode-range of each. */
export function parseFontFaces(css: string, dir: string): FontSubset[] {
  const subsets: FontSubset[] = [];
  for (const face of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = face[1] ?? '';
    // WOFF, not WOFF2: WOFF2 stores `glyf` transformed, and pdfkit's subsetter copies raw glyph
    // data, so WOFF2 glyphs came out blank in the PDF (text extractable, nothing drawn).
    const file = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(body)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((part): [number, number] => {
      const [start, end] = part.trim().replace(/^U\+/i, '').split('-');
      return [Number.parseInt(start as string, 16), Number.parseInt((end ?? start) as string, 16)];
    });
    // The file name (`noto-sans-sc-116-400-normal`) is unique across packages and weights.
    subsets.push({ name: path.basename(file, '.woff'), file: path.join(dir, file), ranges });
  }
  return subsets;
}

/** A split font family from a fontsource package, one weight. */
export class SplitFont {
  private subsets: FontSubset[] | undefined;

  constructor(
    private readonly pkg: string,
    private readonly weight: 400 | 700,
  ) {}

  /** The subset file that has a glyph for the code point, loading it if needed; undefined if none. */
  subsetFor(codePoint: number): FontSubset | undefined {
    for (const subset of this.all()) {
      if (!subset.ranges.some(([start, end]) => codePoint >= start && codePoint <= end)) continue;
      if (!subset.loaded) {
        const buffer = fs.readFileSync(subset.file);
        subset.loaded = { buffer, font: fontkit.create(buffer) };
      }
      if (subset.loaded.font.hasGlyphForCodePoint(codePoint)) return subset;
    }
    return undefined;
  }

  private all(): FontSubset[] {
    if (!this.subsets) {
      const dir = packageDir(this.pkg);
      const css = fs.readFileSync(path.join(dir, `${this.weight}.css`), 'utf8');
      this.subsets = parseFontFaces(css, dir);
    }
    return this.subsets;
  }
}

/** The fallbacks after DejaVu, in order: CJK first, then emoji. */
export const FALLBACKS = {
  regular: [new SplitFont('@fontsource/noto-sans-sc', 400), new SplitFont('@fontsource/noto-emoji', 400)],
  bold: [new SplitFont('@fontsource/noto-sans-sc', 700), new SplitFont('@fontsource/noto-emoji', 700)],
};
