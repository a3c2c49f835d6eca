/**
 * Which events become mail to whom, and what the mail says. Pure.
 *
 * Privacy: notification mail travels and is stored outside our control (other mail servers, shared
 * or forwarded mailboxes), so it says only that there is something new and where to log in. It never
 * holds the person's name, answers, message bodies, decisions or the case reference. A reference is
 * not personal data by itself, but next to an e-mail address it ties a named mailbox to a case, and
 * the resident sees it on My Pages anyway, so it is left out as well.
 */
import { translate } from '../../platform/i18n/i18n.ts';
import type { Topic, TopicPayloads } from '../../platform/jobs/topics.ts';
import { notificationMessages } from './messages.ts';

export const CASE_SUBMITTED = 'case.submitted' satisfies Topic;
export const RESIDENT_NOTIFICATION = 'notification.resident' satisfies Topic;
export const ANONYMOUS_NOTIFICATION = 'notification.anonymous' satisfies Topic;

/** What other modules write as `notification.resident` payloads (declared in platform/jobs/topics.ts). */
export type ResidentNotificationPayload = TopicPayloads['notification.resident'];
export type ResidentNotificationKind = ResidentNotificationPayload['kind'];

/**
 * `received` confirms a submission; `update` is every later change the resident should look at;
 * `anonymousUpdate` and `anonymousFixed` go to an anonymous reporter's address (no My Pages link:
 * they follow the report with the link from their receipt).
 */
export type MailTemplate = 'received' | 'update' | 'anonymousUpdate' | 'anonymousFixed';

export type Recipient =
  | { kind: 'person'; personId: string; template: MailTemplate }
  | { kind: 'caseContact'; caseId: string; template: MailTemplate }
  | { kind: 'nobody'; reason: 'anonymous' | 'invalidPayload' | 'otherTopic' };

const KINDS: readonly string[] = ['statusChanged', 'message', 'completionRequested', 'decision'];

/** Whom a job's mail goes to: the resident in its payload, or nobody (anonymous, malformed, other topic). */
export function recipientOf(topic: string, payload: Record<string, unknown>): Recipient {
  const personId = payload.personId;
  if (topic === CASE_SUBMITTED) {
    if (personId === null || personId === undefined) return { kind: 'nobody', reason: 'anonymous' };
    if (typeof personId !== 'string' || personId === '') return { kind: 'nobody', reason: 'invalidPayload' };
    return { kind: 'person', personId, template: 'received' };
  }
  if (topic === RESIDENT_NOTIFICATION) {
    if (typeof personId !== 'string' || personId === '' || !KINDS.includes(String(payload.kind))) {
      return { kind: 'nobody', reason: 'invalidPayload' };
    }
    return { kind: 'person', personId, template: 'update' };
  }
  if (topic === ANONYMOUS_NOTIFICATION) {
    const caseId = payload.caseId;
    if (
      typeof caseId !== 'string' ||
      caseId === '' ||
      !['statusChanged', 'fixed'].includes(String(payload.kind))
    )
      return { kind: 'nobody', reason: 'invalidPayload' };
    return {
      kind: 'caseContact',
      caseId,
      template: payload.kind === 'fixed' ? 'anonymousFixed' : 'anonymousUpdate',
    };
  }
  return { kind: 'nobody', reason: 'otherTopic' };
}

type MessageKey = keyof (typeof notificationMessages)['sv'];

const TEMPLATE_KEYS: Record<MailTemplate, { subjectKey: MessageKey; textKey: MessageKey }> = {
  received: { subjectKey: 'receivedSubject', textKey: 'receivedText' },
  update: { subjectKey: 'updateSubject', textKey: 'updateText' },
  anonymousUpdate: { subjectKey: 'anonymousSubject', textKey: 'anonymousText' },
  anonymousFixed: { subjectKey: 'anonymousSubject', textKey: 'fixedText' },
};

export interface NotificationMail {
  subject: string;
  text: string;
}

/** The mail for a template: Swedish first, then English; only the municipality's name and a link. */
export function composeNotificationMail(input: {
  template: MailTemplate;
  tenantName: string;
  publicUrl: string;
}): NotificationMail {
  const params = { tenant: input.tenantName, link: `${input.publicUrl.replace(/\/$/, '')}/mina-sidor` };
  const { subjectKey, textKey } = TEMPLATE_KEYS[input.template];
  const sv = (key: keyof (typeof notificationMessages)['sv']) =>
    translate(notificationMessages, 'sv', key, params);
  const en = (key: keyof (typeof notificationMessages)['en']) =>
    translate(notificationMessages, 'en', key, params);
  return {
    subject: `${sv(subjectKey)} · ${en(subjectKey)}`,
    text: [
      sv('greeting'),
      sv(textKey),
      sv('noReply'),
      `— ${sv('otherLanguage')} —`,
      en('greeting'),
      en(textKey),
      en('noReply'),
    ].join('\n\n'),
  };
}
