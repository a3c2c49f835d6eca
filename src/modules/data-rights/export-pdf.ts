/**
 * The data export as a readable PDF (issue #14): the same DataExport as the JSON download, laid out
 * for reading or printing, in the resident's language. User-supplied text goes through writeText,
 * so any script or emoji in an answer or message prints (decision 0008).
 */
import PDFDocument from 'pdfkit';
import { formatDateTime, type Language } from '../../platform/i18n/i18n.ts';
import { formatPersonalIdentityNumber } from '../../platform/identity/model.ts';
import { PDF_FONT, useUnicodeFonts } from '../../platform/pdf/unicode-fonts.ts';
import { writeText } from '../../platform/pdf/write-text.ts';
import type { FileDownload } from '../../web/http/file-response.ts';
import { formatBytes } from '../forms/messages.ts';
import type { DataExport, ExportedAnswer, ExportedCase } from './export-shape.ts';
import { exportFileName } from './model.ts';

const LABELS = {
  sv: {
    title: 'Dina uppgifter i Ingång',
    generated: 'Hämtat',
    profile: 'Din profil',
    name: 'Namn',
    pin: 'Personnummer',
    email: 'E-post',
    phone: 'Telefon',
    address: 'Adress',
    cases: 'Dina ärenden',
    noCases: 'Du har inga ärenden.',
    municipality: 'Kommun',
    status: 'Status',
    submitted: 'Inskickat',
    cameInVia: 'Inkom via',
    registeredBy: 'Registrerat av',
    purpose: 'Ändamål',
    legalBasis: 'Rättslig grund',
    retention: 'Bevarandetid efter avslut',
    answers: 'Svar',
    history: 'Händelser',
    messages: 'Meddelanden',
    decisions: 'Beslut',
    attachments: 'Bifogade filer',
    drafts: 'Utkast',
    noDrafts: 'Du har inga utkast.',
    representations: 'Ombud och vårdnadshavare',
    noRepresentations: 'Inga.',
    given: 'Ditt ombud eller din vårdnadshavare',
    held: 'Du företräder',
    consents: 'Samtycken',
    noConsents: 'Inga.',
    access: 'Vem har läst dina ärenden',
    noAccess: 'Ingen har läst dina ärenden.',
    aboutYou: 'Sökning på dig',
    none: '–',
  },
  en: {
    title: 'Your data in Ingång',
    generated: 'Downloaded',
    profile: 'Your profile',
    name: 'Name',
    pin: 'Personal identity number',
    email: 'Email',
    phone: 'Phone',
    address: 'Address',
    cases: 'Your cases',
    noCases: 'You have no cases.',
    municipality: 'Municipality',
    status: 'Status',
    submitted: 'Submitted',
    cameInVia: 'Came in via',
    registeredBy: 'Registered by',
    purpose: 'Purpose',
    legalBasis: 'Legal basis',
    retention: 'Kept after closing',
    answers: 'Answers',
    history: 'Events',
    messages: 'Messages',
    decisions: 'Decisions',
    attachments: 'Attached files',
    drafts: 'Drafts',
    noDrafts: 'You have no drafts.',
    representations: 'Representatives and guardians',
    noRepresentations: 'None.',
    given: 'Your representative or guardian',
    held: 'You represent',
    consents: 'Consents',
    noConsents: 'None.',
    access: 'Who has read your cases',
    noAccess: 'Nobody has read your cases.',
    aboutYou: 'Search for you',
    none: '–',
  },
} as const;

type Labels = (typeof LABELS)[Language];

function heading(doc: PDFKit.PDFDocument, text: string, size = 15) {
  doc.moveDown().fontSize(size).fillColor('#000000');
  writeText(doc, text, { bold: true });
  doc.fontSize(10);
}

function fact(doc: PDFKit.PDFDocument, label: string, value: string | null | undefined, none: string) {
  doc.font(PDF_FONT.bold).text(`${label}: `, { continued: true });
  writeText(doc, value || none);
}

function subheading(doc: PDFKit.PDFDocument, text: string) {
  doc.moveDown(0.5).fontSize(11);
  writeText(doc, text, { bold: true });
  doc.fontSize(10);
}

function answers(doc: PDFKit.PDFDocument, rows: ExportedAnswer[]) {
  for (const row of rows) {
    doc.font(PDF_FONT.bold).text(`${row.question}: `, { continued: true });
    writeText(doc, row.answer);
  }
}

function caseSection(doc: PDFKit.PDFDocument, item: ExportedCase, l: Labels, lang: Language) {
  heading(doc, `${item.service} – ${item.reference}`, 13);
  fact(doc, l.municipality, item.municipality, l.none);
  fact(doc, l.status, item.status, l.none);
  fact(doc, l.submitted, formatDateTime(item.submittedAt, lang), l.none);
  fact(doc, l.cameInVia, item.cameInVia, l.none);
  fact(doc, l.registeredBy, item.registeredBy, l.none);
  fact(doc, l.purpose, item.purpose, l.none);
  fact(doc, l.legalBasis, item.legalBasis, l.none);
  fact(doc, l.retention, item.retentionPeriod, l.none);
  subheading(doc, l.answers);
  answers(doc, item.answers);
  subheading(doc, l.history);
  for (const event of item.history) {
    const by = event.by ? ` – ${event.by}` : '';
    writeText(doc, `${formatDateTime(event.at, lang)}: ${event.event}${by}`);
    if (event.message) writeText(doc, event.message, { indent: 12 });
  }
  if (item.messages.length > 0) subheading(doc, l.messages);
  for (const message of item.messages) {
    writeText(doc, `${formatDateTime(message.at, lang)}, ${message.from}:`, { bold: true });
    writeText(doc, message.text, { indent: 12 });
    for (const file of message.attachments)
      writeText(doc, `${file.filename} (${formatBytes(file.sizeBytes, lang)})`, { indent: 12 });
  }
  if (item.decisions.length > 0) subheading(doc, l.decisions);
  for (const decision of item.decisions) {
    writeText(
      doc,
      `${formatDateTime(decision.decidedAt, lang)}: ${decision.outcome} (${decision.decidedBy})`,
      {
        bold: true,
      },
    );
    writeText(doc, decision.justification, { indent: 12 });
    writeText(doc, decision.legalBasis, { indent: 12 });
  }
  if (item.attachments.length > 0) subheading(doc, l.attachments);
  for (const file of item.attachments)
    writeText(doc, `${file.filename} (${formatBytes(file.sizeBytes, lang)})`);
}

function profileSection(doc: PDFKit.PDFDocument, data: DataExport, l: Labels) {
  const { person } = data;
  heading(doc, l.profile);
  fact(doc, l.name, `${person.givenName} ${person.familyName}`, l.none);
  fact(doc, l.pin, formatPersonalIdentityNumber(person.personalIdentityNumber), l.none);
  fact(doc, l.email, person.email, l.none);
  fact(doc, l.phone, person.phone, l.none);
  const address = person.address;
  fact(doc, l.address, address && `${address.street}, ${address.postalCode} ${address.city}`, l.none);
}

function otherSections(doc: PDFKit.PDFDocument, data: DataExport, l: Labels, lang: Language) {
  heading(doc, l.drafts);
  if (data.drafts.length === 0) doc.text(l.noDrafts);
  for (const draft of data.drafts) {
    subheading(doc, `${draft.service}, ${draft.municipality} (${formatDateTime(draft.lastSavedAt, lang)})`);
    answers(doc, draft.answers);
  }
  heading(doc, l.representations);
  if (data.representations.length === 0) doc.text(l.noRepresentations);
  for (const row of data.representations) {
    const period = `${row.validFrom} – ${row.validTo ?? ''}`;
    writeText(
      doc,
      `${row.side === 'given' ? l.given : l.held}: ${row.otherParty}, ${row.municipality}, ${period} (${row.state})`,
    );
  }
  heading(doc, l.consents);
  if (data.consents.length === 0) doc.text(l.noConsents);
  for (const consent of data.consents)
    writeText(doc, `${formatDateTime(consent.givenAt, lang)}: ${consent.reference} – ${consent.consentTo}`);
  heading(doc, l.access);
  if (data.accessLog.length === 0) doc.text(l.noAccess);
  for (const line of data.accessLog) {
    const about = line.reference ?? l.aboutYou;
    writeText(
      doc,
      `${formatDateTime(line.at, lang)} · ${about} · ${line.action} · ${line.reader} · ${line.unit} · ${line.role}`,
    );
  }
}

/** The export as a PDF file to download. */
export function exportPdf(data: DataExport): FileDownload {
  const lang = data.language;
  const l = LABELS[lang];
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: l.title }, lang });
  useUnicodeFonts(doc);
  doc.fontSize(20).font(PDF_FONT.bold).text(l.title);
  doc
    .fontSize(10)
    .font(PDF_FONT.regular)
    .text(`${l.generated}: ${formatDateTime(data.generatedAt, lang)}`);
  writeText(doc.moveDown(0.5), data.scope);
  profileSection(doc, data, l);
  heading(doc, l.cases);
  if (data.cases.length === 0) doc.text(l.noCases);
  for (const item of data.cases) caseSection(doc, item, l, lang);
  otherSections(doc, data, l, lang);
  doc.end();
  return {
    filename: exportFileName(new Date(data.generatedAt), 'pdf'),
    contentType: 'application/pdf',
    body: doc,
  };
}
