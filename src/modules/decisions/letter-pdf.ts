/**
 * The decision letter (beslutsbrev) as a PDF, in Swedish: who decided what in which case, why, on
 * which legal basis, for how long, and how to appeal (förvaltningslagen 32–33 §§). An automatic
 * decision's letter says so, names the legal basis for deciding automatically, and tells how to ask
 * for a person's review (issue #10).
 */
import PDFDocument from 'pdfkit';
import { formatDate } from '../../platform/i18n/i18n.ts';
import { PDF_FONT, useUnicodeFonts } from '../../platform/pdf/unicode-fonts.ts';
import { writeText } from '../../platform/pdf/write-text.ts';
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
  /** When the rule decided without a human (issue #10): the legal basis for deciding automatically. */
  automatic?: { legalBasis: string };
}

/** What an automatic decision's letter says about how it was made and how to have a person review it. */
export function automaticDecisionTexts(reference: string, legalBasis: string) {
  return {
    how:
      'Beslutet är fattat automatiskt av e-tjänstens regler, utan att en handläggare har prövat ' +
      'ärendet. Motiveringen ovan visar vilka regler som avgjorde beslutet.',
    basis: legalBasis,
    review:
      'Du kan begära att en handläggare prövar beslutet. Logga in på Mina sidor, öppna ärendet ' +
      `${reference} och välj ”Begär att en handläggare prövar beslutet”. Din rätt att överklaga ` +
      'påverkas inte, men begäran förlänger inte tiden för att överklaga.',
  };
}

/** The validity line, or undefined when the decision has no validity dates. */
export function validityText(validFrom: string | null, validTo: string | null): string | undefined {
  if (validFrom && validTo) return `Från och med ${validFrom} till och med ${validTo}`;
  if (validFrom) return `Från och med ${validFrom}`;
  if (validTo) return `Till och med ${validTo}`;
  return undefined;
}

function fact(doc: PDFKit.PDFDocument, label: string, value: string) {
  doc.font(PDF_FONT.bold).text(`${label}: `, { continued: true });
  writeText(doc, value);
}

function section(doc: PDFKit.PDFDocument, title: string, body: string) {
  doc.moveDown().fontSize(13).font(PDF_FONT.bold).text(title);
  writeText(doc.moveDown(0.25).fontSize(11), body);
}

function writeLetter(doc: PDFKit.PDFDocument, input: DecisionLetterInput) {
  const decidedOn = formatDate(input.decidedAt, 'sv');
  writeText(doc.fontSize(10).fillColor('#444444'), input.tenantName);
  doc.moveDown(0.5).fontSize(20).fillColor('#000000').font(PDF_FONT.bold).text(`Beslut – ${input.reference}`);
  doc.moveDown().fontSize(11);
  fact(doc, 'Ärendenummer', input.reference);
  fact(doc, 'Datum', decidedOn);
  fact(doc, 'Sökande', input.applicantName ?? 'Anonym');
  fact(doc, 'Ärende', input.serviceTitle);
  if (input.correctsDecidedAt) {
    doc
      .moveDown()
      .font(PDF_FONT.bold)
      .text(`Detta beslut ersätter beslut daterat ${formatDate(input.correctsDecidedAt, 'sv')}.`);
  }
  section(doc, 'Beslut', outcomeLabel[input.outcome].sv);
  section(doc, 'Motivering', input.justification);
  section(doc, 'Lagrum', input.legalBasis);
  const validity = validityText(input.validFrom, input.validTo);
  if (validity) section(doc, 'Beslutet gäller', validity);
  if (input.automatic) {
    const texts = automaticDecisionTexts(input.reference, input.automatic.legalBasis);
    section(doc, 'Beslutet är fattat automatiskt', texts.how);
    section(doc, 'Stöd för att besluta automatiskt', texts.basis);
    section(doc, 'Begär att en handläggare prövar beslutet', texts.review);
  } else {
    section(doc, 'Beslutet är fattat av', `${input.decidedByName}, ${input.tenantName}`);
  }
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
  useUnicodeFonts(doc);
  writeLetter(doc, input);
  doc.end();
  return done;
}
