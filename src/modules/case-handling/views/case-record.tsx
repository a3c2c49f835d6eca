import { formatDate, formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { Tag } from '../../../web/components.tsx';
import { channelText, formatOrganisationNumber, registrarText } from '../../cases/intake-model.ts';
import { findStatus } from '../../cases/workflow.ts';
import { officerMessages } from '../messages.ts';
import { secrecyMessages } from '../secrecy-messages.ts';
import type { OfficerCaseDetails } from '../service.ts';

import type { OfficerCaseViewProps } from './case-view-props.tsx';

export function Facts({ ctx, details }: OfficerCaseViewProps) {
  const t = translator(officerMessages, ctx.lang);
  const { case: item, status } = details;
  const assignee = details.members.find((member) => member.id === item.assignedStaffId);
  const overdue = item.dueAt !== null && new Date(item.dueAt) < new Date();
  // A case moved to another e-service keeps the form it was submitted on (issue #13, decision 0026).
  const lastMove = details.events.filter((event) => event.type === 'moved').at(-1);
  const movedTo =
    item.serviceId !== details.version.serviceId && typeof lastMove?.data.toService === 'string'
      ? lastMove.data.toService
      : undefined;
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('service')}</dt>
        <dd>{localized(details.version.definition.title, ctx.lang)}</dd>
      </div>
      {movedTo && (
        <div>
          <dt>{t('moveTitle')}</dt>
          <dd>{t('movedToService', { service: movedTo })}</dd>
        </div>
      )}
      <div>
        <dt>{t('applicant')}</dt>
        <dd>{item.applicantName ?? t('anonymous')}</dd>
      </div>
      {item.applicantOrganisationNumber && (
        <div>
          <dt>{t('organisationNumber')}</dt>
          <dd>{formatOrganisationNumber(item.applicantOrganisationNumber)}</dd>
        </div>
      )}
      {item.applicantContact && (
        <div>
          <dt>{t('applicantContact')}</dt>
          <dd>{[item.applicantContact.email, item.applicantContact.phone].filter(Boolean).join(', ')}</dd>
        </div>
      )}
      <div>
        <dt>{t('submitted')}</dt>
        <dd>{formatDateTime(item.submittedAt, ctx.lang)}</dd>
      </div>
      <div>
        <dt>{t('channel')}</dt>
        <dd>{localized(channelText(item.channel, item.channelDetail), ctx.lang)}</dd>
      </div>
      <div>
        <dt>{t('registeredBy')}</dt>
        <dd>{localized(registrarText(item.registeredByKind, item.registeredByLabel), ctx.lang)}</dd>
      </div>
      <div>
        <dt>{t('status')}</dt>
        <dd>
          <Tag>{status ? localized(status.name, ctx.lang) : item.status}</Tag>
          {status && (
            <p class="hint">{t('residentSees', { text: localized(status.residentText, ctx.lang) })}</p>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('due')}</dt>
        <dd>
          {item.dueAt ? formatDate(item.dueAt, ctx.lang) : t('noDue')}
          {overdue && <span class="overdue"> {t('overdue')}</span>}
        </dd>
      </div>
      <div>
        <dt>{t('assignee')}</dt>
        <dd>{assignee ? `${assignee.givenName} ${assignee.familyName}` : t('unassigned')}</dd>
      </div>
    </dl>
  );
}

/** A move's from and to (issue #13): the e-services when it changed service, else the units. */
function movedFromTo(data: Record<string, unknown>): { from: string; to: string } {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return data.fromServiceId !== data.toServiceId
    ? { from: text(data.fromService), to: text(data.toService) }
    : { from: text(data.fromUnit), to: text(data.toUnit) };
}

function eventDescription(props: OfficerCaseViewProps, event: OfficerCaseDetails['events'][number]): string {
  const t = translator(officerMessages, props.ctx.lang);
  const workflow = props.details.workflow;
  const statusName = (id: unknown) => {
    const status = typeof id === 'string' ? findStatus(workflow, id) : undefined;
    return status ? localized(status.name, props.ctx.lang) : String(id ?? '');
  };
  switch (event.type) {
    case 'submitted':
      return t('eventSubmitted');
    case 'statusChanged':
      return t('eventStatusChanged', { from: statusName(event.data.from), to: statusName(event.data.to) });
    case 'assigned':
      return t('eventAssigned', { name: String(event.data.name ?? '') });
    case 'released':
      return t('eventReleased');
    case 'note':
      return t('eventNote');
    case 'completionRequested':
      return t('eventCompletionRequested');
    case 'completed':
      return t('eventCompleted');
    case 'completionWithdrawn':
      return t('eventCompletionWithdrawn');
    case 'decision':
      return t(event.data.automatic === true ? 'eventAutomaticDecision' : 'eventDecision');
    case 'reviewRequested':
      return t('eventReviewRequested');
    case 'automaticDecisionNotMade':
      return t(
        event.data.reason === 'alreadyDecided'
          ? 'eventAutomaticDecisionAlreadyDecided'
          : event.data.reason === 'decisionInvalid'
            ? 'eventAutomaticDecisionInvalid'
            : 'eventAutomaticDecisionNotMade',
      );
    case 'proposal':
      return t('eventProposal');
    case 'notFixed':
      return t('eventNotFixed');
    case 'mergedInto':
      return t('eventMergedInto', { reference: String(event.data.reference ?? '') });
    case 'duplicateMerged':
      return t('eventDuplicateMerged', { reference: String(event.data.reference ?? '') });
    case 'sensorAlarm':
      return t('eventSensorAlarm');
    case 'sensorNormal':
      return t('eventSensorNormal');
    case 'open311Comment':
      return t('eventOpen311Comment', { app: String(event.actor.name ?? 'Open311') });
    case 'proposalDeviation':
      return t('eventProposalDeviation', { reason: String(event.data.reason ?? '') });
    case 'moved':
      return t('eventMoved', movedFromTo(event.data));
    case 'caseShared':
    case 'shareRevoked':
    case 'sharedCaseRead':
      return secrecyEventDescription(props, event);
    default:
      return t('eventOther', { type: event.type });
  }
}

/** The history's words for sharing a case, revoking a share and a shared unit's first read (decision 0033). */
function secrecyEventDescription(props: OfficerCaseViewProps, event: OfficerCaseDetails['events'][number]) {
  const t = translator(secrecyMessages, props.ctx.lang);
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  if (event.type === 'sharedCaseRead')
    return t('eventSharedCaseRead', {
      units: Array.isArray(event.data.units) ? event.data.units.map(text).join(', ') : '',
    });
  if (event.type === 'shareRevoked') return t('eventShareRevoked', { unit: text(event.data.unit) });
  return t('eventCaseShared', { unit: text(event.data.unit), date: text(event.data.endsOn) });
}

export function History(props: OfficerCaseViewProps) {
  const { ctx, details } = props;
  const t = translator(officerMessages, ctx.lang);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('historyTitle')}</h2>
      <ol class="timeline">
        {[...details.events].reverse().map((event) => {
          const text =
            typeof event.data.text === 'string'
              ? event.data.text
              : typeof event.data.message === 'string'
                ? event.data.message
                : undefined;
          return (
            <li key={event.id} class={event.visibility === 'internal' ? 'internal-note' : undefined}>
              <time dateTime={new Date(event.createdAt).toISOString()}>
                {formatDateTime(event.createdAt, ctx.lang)}
              </time>
              {event.visibility === 'internal' && <strong>{t('internal')}: </strong>}
              {eventDescription(props, event)}{' '}
              <span class="muted">{t('by', { name: event.actor.name ?? t('system') })}</span>
              {text && <p class="preserve-lines">{text}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
