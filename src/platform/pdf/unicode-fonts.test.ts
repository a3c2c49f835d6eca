/**
 * Receipts and decision letters embed a Unicode font, so text outside Latin-1 (Arabic, Hebrew, Greek,
 * Cyrillic) is written with real glyphs that a reader can copy back, not garbled (issue #9's probe).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { renderDecisionLetter } from '../../modules/decisions/letter-pdf.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { pdfEmbeddedFonts, pdfFontNames, pdfText } from '../../test-support/pdf-text.ts';
import { fillSchoolTransport } from '../../test-support/staff.ts';
import { useUnicodeFonts } from './unicode-fonts.ts';
import { textRuns, writeText } from './write-text.ts';

const NAME = 'Мария Ελένη';
const ARABIC = 'مريم';
const HEBREW = 'שרה';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

function assertEmbedsDejaVu(pdf: Buffer): void {
  const fonts = pdfFontNames(pdf);
  assert.ok(
    fonts.some((name) => /^[A-Z]{6}\+DejaVuSans$/.test(name)),
    `a subset of DejaVu Sans is embedded: ${fonts.join(', ')}`,
  );
  assert.ok(!fonts.some((name) => name.startsWith('Helvetica')), 'no Latin-1-only standard font');
}

test('the receipt writes Arabic, Hebrew, Greek and Cyrillic answers with an embedded font', async () => {
  const tenant = await createTestTenant(t, ['skolskjuts']);
  const anna = await residentClient(t, ANNA);
  const { base } = await fillSchoolTransport(anna, tenant, `${NAME} ${ARABIC} ${HEBREW}`);
  assert.equal((await anna.post(`${base}/skicka`)).statusCode, 303);
  const response = await anna.get(`${base}/kvitto.pdf`);
  assert.equal(response.statusCode, 200);
  const pdf = response.rawPayload;
  assertEmbedsDejaVu(pdf);
  const text = pdfText(pdf);
  assert.match(text, /Kvitto – [A-Z]+-\d{4}-\d{6}/);
  assert.ok(text.includes(NAME), text);
  // Right-to-left runs are laid out in visual order; each letter comes back through ToUnicode.
  for (const letter of [...ARABIC, ...HEBREW]) assert.ok(text.includes(letter), `${letter} in ${text}`);
  assert.doesNotMatch(text, /\ufffd/);
});

test('the decision letter embeds the font too', async () => {
  const pdf = await renderDecisionLetter({
    tenantName: 'Exempelstads kommun',
    reference: 'EXS-2026-000042',
    serviceTitle: 'Ansök om skolskjuts',
    applicantName: `${NAME} ${ARABIC}`,
    decidedAt: new Date('2026-05-04T10:00:00Z'),
    decidedByName: 'Karin Berg',
    outcome: 'granted',
    justification: 'Avståndet är längre än 4 km.',
    legalBasis: '10 kap. 32 § skollagen',
    validFrom: null,
    validTo: null,
    appealInformation: null,
  });
  assertEmbedsDejaVu(pdf);
  const text = pdfText(pdf);
  assert.ok(text.includes(NAME), text);
  assert.match(text, /Beslut – EXS-2026-000042/);
  assert.doesNotMatch(text, /\ufffd/);
});

const MIXED = 'Åsa 张伟，北京市 ひらがな カタカナ 👍 مريم';

test('the receipt writes Chinese, Japanese kana and emoji with fallback fonts, mixed with Swedish and Arabic', async () => {
  const tenant = await createTestTenant(t, ['skolskjuts']);
  const anna = await residentClient(t, ANNA);
  const { base } = await fillSchoolTransport(anna, tenant, MIXED);
  assert.equal((await anna.post(`${base}/skicka`)).statusCode, 303);
  const pdf = (await anna.get(`${base}/kvitto.pdf`)).rawPayload;
  const fonts = pdfFontNames(pdf);
  assert.ok(
    fonts.some((name) => /\+NotoSansSC/.test(name)),
    fonts.join(', '),
  );
  assert.ok(
    fonts.some((name) => /\+NotoEmoji/.test(name)),
    fonts.join(', '),
  );
  // Each font run is its own text operation; joined, every character comes back (no box, no U+FFFD).
  const text = pdfText(pdf).replaceAll('\n', '');
  for (const part of ['Åsa', '张伟，北京市', 'ひらがな', 'カタカナ', '👍'])
    assert.ok(text.includes(part), `${part} in ${text}`);
  for (const letter of ARABIC) assert.ok(text.includes(letter), `${letter} in ${text}`);
  assert.doesNotMatch(text, /\ufffd/);
});

test('a Latin-only letter embeds DejaVu alone; Chinese and emoji add their fallback fonts', async () => {
  const input = {
    tenantName: 'Exempelstads kommun',
    reference: 'EXS-2026-000043',
    serviceTitle: 'Ansök om skolskjuts',
    applicantName: 'Anna Andersson',
    decidedAt: new Date('2026-05-04T10:00:00Z'),
    decidedByName: 'Karin Berg',
    outcome: 'granted' as const,
    justification: 'Avståndet är längre än 4 km.',
    legalBasis: '10 kap. 32 § skollagen',
    validFrom: null,
    validTo: null,
    appealInformation: null,
  };
  const latin = await renderDecisionLetter(input);
  const latinFonts = pdfFontNames(latin);
  assert.ok(
    latinFonts.length > 0 && latinFonts.every((name) => /\+DejaVuSans/.test(name)),
    latinFonts.join(', '),
  );
  const chinese = await renderDecisionLetter({
    ...input,
    applicantName: '张伟',
    justification: '距离超过4公里。👍',
  });
  const fonts = pdfFontNames(chinese);
  assert.ok(
    fonts.some((name) => /\+NotoSansSC/.test(name)),
    fonts.join(', '),
  );
  assert.ok(
    fonts.some((name) => /\+NotoEmoji/.test(name)),
    fonts.join(', '),
  );
  const text = pdfText(chinese).replaceAll('\n', '');
  for (const part of ['Sökande: 张伟', '距离超过4公里。👍'])
    assert.ok(text.includes(part), `${part} in ${text}`);
  assert.doesNotMatch(text, /\ufffd/);
});

test('text splits into runs by the first font that has the glyphs; unknown characters stay in DejaVu', () => {
  const runs = textRuns('Åsa 张伟 👍🏽 한 \u{10fffd}');
  assert.deepEqual(
    runs.map((run) => [run.text, run.font.replace(/-\d+-400-normal$/, '')]),
    [
      ['Åsa ', 'Body'],
      ['张', 'noto-sans-sc'],
      ['伟', 'noto-sans-sc'],
      [' ', 'Body'],
      ['👍🏽', 'noto-emoji'],
      [' 한 \u{10fffd}', 'Body'],
    ],
  );
  assert.deepEqual(textRuns('Anna Andersson'), [{ text: 'Anna Andersson', font: 'Body' }]);
  assert.deepEqual(
    textRuns('Svar　张', true).map((run) => run.font.replace(/-\d+-700-normal$/, '')),
    ['Bold', 'noto-sans-sc'],
  );
});

test('every glyph the fallback fonts embed has an outline (the text is drawn, not only copyable)', async () => {
  const doc = useUnicodeFonts(new PDFDocument({ size: 'A4' }));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  writeText(doc, 'Åsa 张伟北京 👍', { bold: false });
  writeText(doc, '中文', { bold: true });
  doc.end();
  await ended;
  const fonts = pdfEmbeddedFonts(Buffer.concat(chunks));
  const noto = [...fonts].filter(([name]) => /Noto/.test(name));
  assert.ok(noto.length >= 2, `Noto fallbacks are embedded: ${[...fonts.keys()].join(', ')}`);
  for (const [name, file] of noto) {
    const font = fontkit.create(file);
    // Glyph 0 is .notdef; every other glyph of the subset is one we wrote.
    for (let id = 1; id < font.numGlyphs; id++) {
      assert.ok(font.getGlyph(id).path.commands.length > 0, `${name} glyph ${id} has an outline`);
    }
  }
});
