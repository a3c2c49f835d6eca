/**
 * The decision letter (beslutsbrev) as a PDF, in Swedish: who decided what in which case, why, on
 * which legal basis, for how long, and how to appeal (förvaltningslagen 32–33 §§).
 */
import PDFDocument from 'pdfkit';
import { formatDate } from '../../platform/i18n/i18n.ts';
import { type DecisionOutcome, outcomeLabel } from './model.ts';

export interface DecisionLetterInput {
  tenantName: string;
  reference: string;
  serviceTitle: string;
  applicantName: string | null;
  decidedAt: Date;
  decidedByName: string;
  outcome: DecisionOutcome;
  justification: string;
  legalBasis: string;
  validFrom: string | null;
  validTo: string | null;
  appealInformation: string | null;
  /** When the letter corrects an earlier decision: the date of that decision. */
  correctsDecidedAt?: Date;
}

/** The validity line, or undefined when the decision has no validity dates. */
export function validityText(validFrom: string | null, validTo: string | null): string | undefined {
  if (validFrom && validTo) return `Från och med ${validFrom} till och med ${validTo}`;
  if (validFrom) return `Från och med ${validFrom}`;
  if (validTo) return `Till och med ${validTo}`;
  return undefined;
}

function fact(doc: PDFKit.PDFDocument, label: string, value: string) {
  doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
}

function section(doc: PDFKit.PDFDocument, title: string, body: string) {
  doc.moveDown().fontSize(13).font('Helvetica-Bold').text(title);
  doc.moveDown(0.25).fontSize(11).font('Helvetica').text(body);
}

function writeLetter(doc: PDFKit.PDFDocument, input: DecisionLetterInput) {
  const decidedOn = formatDate(input.decidedAt, 'sv');
  doc.fontSize(10).fillColor('#444444').text(input.tenantName);
  doc
    .moveDown(0.5)
    .fontSize(20)
    .fillColor('#000000')
    .font('Helvetica-Bold')
    .text(`Beslut – ${input.reference}`);
  doc.moveDown().fontSize(11);
  fact(doc, 'Ärendenummer', input.reference);
  fact(doc, 'Datum', decidedOn);
  fact(doc, 'Sökande', input.applicantName ?? 'Anonym');
  fact(doc, 'Ärende', input.serviceTitle);
  if (input.correctsDecidedAt) {
    doc
      .moveDown()
      .font('Helvetica-Bold')
      .text(`Detta beslut ersätter beslut daterat ${formatDate(input.correctsDecidedAt, 'sv')}.`);
  }
  section(doc, 'Beslut', outcomeLabel[input.outcome].sv);
  section(doc, 'Motivering', input.justification);
  section(doc, 'Lagrum', input.legalBasis);
  const validity = validityText(input.validFrom, input.validTo);
  if (validity) section(doc, 'Beslutet gäller', validity);
  section(doc, 'Beslutet är fattat av', `${input.decidedByName}, ${input.tenantName}`);
  if (input.appealInformation) section(doc, 'Hur du överklagar', input.appealInformation);
}

/** Renders the letter to a buffer (it is stored before the decision row is written). */
export function renderDecisionLetter(input: DecisionLetterInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: 'sv',
    info: { Title: `Beslut ${input.reference}`, Author: input.tenantName, CreationDate: input.decidedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  writeLetter(doc, input);
  doc.end();
  return done;
}
