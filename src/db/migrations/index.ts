/** Every migration, in order. Static imports: no directory scanning at run time. */
import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as caseHandling from './0002-case-handling.ts';
import * as queueIndexes from './0003-queue-indexes.ts';
import * as intake from './0004-intake.ts';
import * as platformJobs from './0005-platform-jobs.ts';
import * as automaticDecisions from './0006-automatic-decisions.ts';
import * as caseServiceIndex from './0007-case-service-index.ts';
import * as faultReports from './0008-fault-reports.ts';
import * as sensors from './0009-sensors.ts';
import * as open311 from './0010-open311.ts';
import * as faultReportMerge from './0011-fault-report-merge.ts';
import * as apiClients from './0012-api-clients.ts';
import * as apiClientRequests from './0013-api-client-requests.ts';
import * as apiClientWrites from './0014-api-client-writes.ts';
import * as webhooks from './0015-webhooks.ts';
import * as openData from './0016-open-data.ts';
import * as knowledgeBase from './0017-knowledge-base.ts';
import * as routing from './0018-routing.ts';
import * as customerCentre from './0019-customer-centre.ts';
import * as representatives from './0020-representatives.ts';
import * as digitalSupport from './0021-digital-support.ts';
import * as dataProtectionOfficer from './0022-data-protection-officer.ts';
import * as disposal from './0023-disposal.ts';
import * as residentRights from './0024-resident-rights.ts';
import * as caseSecrecy from './0025-case-secrecy.ts';
import * as protectionAtRest from './0026-protection-at-rest.ts';
import * as hardening from './0027-hardening.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-case-handling': caseHandling,
  '0003-queue-indexes': queueIndexes,
  '0004-intake': intake,
  '0005-platform-jobs': platformJobs,
  '0006-automatic-decisions': automaticDecisions,
  '0007-case-service-index': caseServiceIndex,
  '0008-fault-reports': faultReports,
  '0009-sensors': sensors,
  '0010-open311': open311,
  '0011-fault-report-merge': faultReportMerge,
  '0012-api-clients': apiClients,
  '0013-api-client-requests': apiClientRequests,
  '0014-api-client-writes': apiClientWrites,
  '0015-webhooks': webhooks,
  '0016-open-data': openData,
  '0017-knowledge-base': knowledgeBase,
  '0018-routing': routing,
  '0019-customer-centre': customerCentre,
  '0020-representatives': representatives,
  '0021-digital-support': digitalSupport,
  '0022-data-protection-officer': dataProtectionOfficer,
  '0023-disposal': disposal,
  '0024-resident-rights': residentRights,
  '0025-case-secrecy': caseSecrecy,
  '0026-protection-at-rest': protectionAtRest,
  '0027-hardening': hardening,
};
