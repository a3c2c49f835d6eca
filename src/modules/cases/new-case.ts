/** The row values of a new case, whichever way it came in (web submit or intake). Pure. */
import type { ApplicantContact, ApplicantKind, CaseEventActor } from '../../db/schema.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { Answers, ServiceDefinition } from '../forms/definition.ts';
import type { CasePlacement } from './case-extension.ts';
import type { IntakeChannel, Registrar } from './intake-model.ts';
import { swedishYear } from './model.ts';
import type { AlsoInStatement } from './store.ts';
import { dueAtFor, initialStatus, workflowOf } from './workflow.ts';

/** Where a case came from and whose it is; a web submission's follows from its actor (webOrigin). */
export interface CaseOrigin {
  channel: IntakeChannel;
  registrar: Registrar;
  applicantKind: ApplicantKind;
  /** Set exactly when the applicant is a person. */
  applicantPersonId: string | null;
  applicantName: string | null;
  organisationNumber?: string | null;
  contact?: ApplicantContact | null;
}

export interface NewCaseInput {
  tenant: Tenant;
  serviceId: string;
  serviceVersionId: string;
  /** The version's definition: its workflow gives the first status and target time. */
  definition: ServiceDefinition;
  /** The draft the case was submitted from; null when it was registered without one. */
  draftId: string | null;
  /** The actor of the first history event. */
  actor: CaseEventActor;
  anonymousSessionId: string | null;
  answers: Answers;
  language: string;
  submittedAt: Date;
  /** Channel, registrar and applicant; absent for a web submission (derived from the actor). */
  origin?: CaseOrigin;
  /**
   * The caller's own writes that belong to the submission (closing the draft), run in the same
   * statement as the case, so the reference counter's lock is held for one round trip less.
   */
  alsoInStatement?: AlsoInStatement;
  /** Extra data on the first history event (a sensor's reading); none for a web submission. */
  firstEventData?: Record<string, unknown>;
}

/** A web submission: the resident (or an anonymous visitor) registered it themself. */
export function webOrigin(actor: CaseEventActor): CaseOrigin {
  const name = actor.name || null;
  return actor.personId
    ? {
        channel: { channel: 'web' },
        registrar: { kind: 'resident', id: actor.personId, label: name ?? undefined },
        applicantKind: 'person',
        applicantPersonId: actor.personId,
        applicantName: name,
      }
    : {
        channel: { channel: 'web' },
        registrar: { kind: 'anonymous' },
        applicantKind: 'anonymous',
        applicantPersonId: null,
        applicantName: null,
      };
}

/** The row values of a new case: first status and due date from the version's workflow. */
export function newCaseValues(input: NewCaseInput, unitId: string | null) {
  const first = initialStatus(workflowOf(input.definition));
  const origin = input.origin ?? webOrigin(input.actor);
  const { channel, registrar } = origin;
  return {
    tenantId: input.tenant.id,
    referencePrefix: input.tenant.referencePrefix,
    year: swedishYear(input.submittedAt),
    actor: input.actor,
    serviceId: input.serviceId,
    serviceVersionId: input.serviceVersionId,
    draftId: input.draftId,
    applicantPersonId: origin.applicantPersonId,
    anonymousSessionId: input.anonymousSessionId,
    answers: input.answers,
    language: input.language,
    status: first.id,
    statusCategory: first.category,
    submittedAt: input.submittedAt,
    statusChangedAt: input.submittedAt,
    dueAt: dueAtFor(first, input.submittedAt),
    unitId,
    applicantName: origin.applicantName,
    channel: channel.channel,
    channelDetail: channel.channel === 'customerCentre' ? channel.detail : null,
    registeredByKind: registrar.kind,
    registeredById: registrar.id ?? null,
    registeredByLabel: registrar.label ?? null,
    applicantKind: origin.applicantKind,
    applicantOrganisationNumber: origin.organisationNumber ?? null,
    applicantContact: origin.contact ?? null,
    firstEventData: input.firstEventData,
  };
}

/** The values with the unit and due date the case's kind chose (a fault category's), where it chose. */
export function placedCaseValues<T extends { dueAt: Date | null }>(
  values: T,
  placement: CasePlacement | undefined,
): T {
  return placement?.dueAt ? { ...values, dueAt: placement.dueAt } : values;
}
