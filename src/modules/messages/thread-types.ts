/** What the message service hands out: threads, inbox entries, counts, downloads, and its refusal. */
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.ts';
import type { LocalizedText } from '../../platform/i18n/i18n.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { type MessageProblem, type MessageSide, problemText } from './model.ts';

export interface ThreadAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export interface ThreadMessage {
  id: string;
  authorKind: MessageSide;
  authorName: string;
  body: string;
  createdAt: Date;
  /** Unread by the reader until this very read. */
  isNew: boolean;
  attachments: ThreadAttachment[];
}

export interface MessageThread {
  caseId: string;
  reference: string;
  tenant: Tenant;
  serviceTitle: LocalizedText;
  messages: ThreadMessage[];
}

export interface OfficerThread extends MessageThread {
  applicantName: string | null;
  /** False for an anonymous applicant (no one to write to) or when the policy says no. */
  canWrite: boolean;
}

export interface InboxEntry {
  caseId: string;
  reference: string;
  serviceTitle: LocalizedText;
  tenantName: string;
  total: number;
  unread: number;
  latestAt: Date;
}

export interface MessageSummary {
  total: number;
  unread: number;
  latestAt: Date | null;
}

export interface MessageDownload {
  filename: string;
  contentType: string;
  sizeBytes: number;
  stream: Readable;
}

/** An uploaded file as it arrives; `contentType` is what its first bytes say. */
export interface IncomingFile {
  filename: string;
  contentType: string;
  stream: Readable;
}

/** A refused message: VALIDATION_FAILED with Swedish texts, and the problems for any language. */
export class MessageValidationError extends AppError {
  readonly problems: MessageProblem[];

  constructor(problems: MessageProblem[]) {
    super(
      'VALIDATION_FAILED',
      'The message cannot be sent',
      problems.map((problem) => ({ field: problem.field, message: problemText(problem, 'sv') })),
    );
    this.problems = problems;
  }
}
