/** The PDF receipt: municipality, reference, service, time, and every submitted answer. */
import PDFDocument from 'pdfkit';
import { formatDateTime, type Language, localized } from '../../platform/i18n/i18n.ts';
import { PDF_FONT, useUnicodeFonts } from '../../platform/pdf/unicode-fonts.ts';
import { writeText } from '../../platform/pdf/write-text.ts';
import type { FileDownload } from '../../web/http/file-response.ts';
import type { CaseDetails } from '../cases/service.ts';
import { answerSummary } from '../forms/format-answer.ts';

const labels = {
  sv: {
    receipt: 'Kvitto',
    reference: 'Ärendenummer',
    service: 'E-tjänst',
    submitted: 'Inskickat',
    answers: 'Dina svar',
    none: '–',
  },
  en: {
    receipt: 'Receipt',
    reference: 'Case reference',
    service: 'E-service',
    submitted: 'Submitted',
    answers: 'Your answers',
    none: '–',
  },
};

/** The receipt for a submitted case, as a PDF file to download. */
export function receiptPdf(input: CaseDetails & { lang: Language }): FileDownload {
  const { lang } = input;
  const text = labels[lang];
  const definition = input.version.definition;
  const answers = input.case.answers;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${text.receipt} ${input.case.reference}` },
    lang,
  });
  useUnicodeFonts(doc);
  writeText(doc.fontSize(10).fillColor('#444444'), input.tenant.name);
  doc.moveDown(0.5).fontSize(20).fillColor('#000000').text(`${text.receipt} – ${input.case.reference}`);
  doc.moveDown();
  doc.fontSize(11);
  doc
    .font(PDF_FONT.bold)
    .text(`${text.reference}: `, { continued: true })
    .font(PDF_FONT.regular)
    .text(input.case.reference);
  doc.font(PDF_FONT.bold).text(`${text.service}: `, { continued: true }).font(PDF_FONT.regular);
  writeText(doc, localized(definition.title, lang));
  doc
    .font(PDF_FONT.bold)
    .text(`${text.submitted}: `, { continued: true })
    .font(PDF_FONT.regular)
    .text(formatDateTime(input.case.submittedAt, lang));
  doc.moveDown().fontSize(14).font(PDF_FONT.bold).text(text.answers);
  for (const { step, rows } of answerSummary(definition, answers, lang)) {
    writeText(doc.moveDown(0.5).fontSize(12), localized(step.title, lang), { bold: true });
    for (const { field, text: answer } of rows) {
      writeText(doc.fontSize(10), localized(field.label, lang), { bold: true });
      writeText(doc, answer || text.none);
    }
  }
  doc.end();
  return { filename: `kvitto-${input.case.reference}.pdf`, contentType: 'application/pdf', body: doc };
}
