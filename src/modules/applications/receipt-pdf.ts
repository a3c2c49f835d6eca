/** The PDF receipt: municipality, reference, service, time, and every submitted answer. */
import type { FastifyReply } from 'fastify';
import PDFDocument from 'pdfkit';
import { formatDateTime, type Language, localized } from '../../platform/i18n/i18n.ts';
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

/** Writes the receipt for a submitted case as a PDF response. */
export function sendReceiptPdf(reply: FastifyReply, input: CaseDetails & { lang: Language }) {
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
  doc.fontSize(10).fillColor('#444444').text(input.tenant.name);
  doc.moveDown(0.5).fontSize(20).fillColor('#000000').text(`${text.receipt} – ${input.case.reference}`);
  doc.moveDown();
  doc.fontSize(11);
  doc
    .font('Helvetica-Bold')
    .text(`${text.reference}: `, { continued: true })
    .font('Helvetica')
    .text(input.case.reference);
  doc
    .font('Helvetica-Bold')
    .text(`${text.service}: `, { continued: true })
    .font('Helvetica')
    .text(localized(definition.title, lang));
  doc
    .font('Helvetica-Bold')
    .text(`${text.submitted}: `, { continued: true })
    .font('Helvetica')
    .text(formatDateTime(input.case.submittedAt, lang));
  doc.moveDown().fontSize(14).font('Helvetica-Bold').text(text.answers);
  for (const { step, rows } of answerSummary(definition, answers, lang)) {
    doc.moveDown(0.5).fontSize(12).font('Helvetica-Bold').text(localized(step.title, lang));
    for (const { field, text: answer } of rows) {
      doc.fontSize(10).font('Helvetica-Bold').text(localized(field.label, lang));
      doc.font('Helvetica').text(answer || text.none);
    }
  }
  doc.end();
  reply.header('content-disposition', `attachment; filename="kvitto-${input.case.reference}.pdf"`);
  return reply.type('application/pdf').send(doc);
}
