/**
 * The security scene's resources (issue #14; see security-scene.ts): cases in every state the
 * routes need, what administrators manage, and the machines' credentials. Also used by the
 * authorization matrix's fresh fixtures (security-fresh.ts).
 */
import { addDays } from '../modules/case-handling/secrecy-model.ts';
import { swedishToday } from '../modules/forms/validate-step.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { TestApp } from './app.ts';
import { TestClient, TINY_PNG } from './client.ts';
import { fillFaultReport, reportViaWeb } from './fault-reports.ts';
import type { residentClient } from './fixtures.ts';
import { runJobs } from './proposals.ts';
import { schoolTransportSteps } from './school-transport.ts';
import { type StaffClient, submitSchoolTransport } from './staff.ts';

export type ResidentClient = Awaited<ReturnType<typeof residentClient>>;

/** The scene's units: `own` handles every service, `other` none, `centre` is the customer centre's. */
export interface SceneUnits {
  own: string;
  other: string;
  centre: string;
}

export type SceneStaff = Record<
  'officer' | 'otherOfficer' | 'unitLead' | 'admin' | 'customerCentre' | 'dataProtectionOfficer',
  StaffClient
>;

/** The variant of school transport that decides automatically (so a resident may ask for a review). */
export const AUTOMATIC_SERVICE = 'skolskjuts-automatiskt';

/** Cases: one in progress (message with a file, completion request, proposal), one decided, a fault report. */
export async function caseFixtures(
  t: TestApp,
  tenant: Tenant,
  anna: ResidentClient,
  staff: SceneStaff,
  ids: Record<string, string>,
) {
  const db = t.database.db;
  const reference = await submitSchoolTransport(anna, tenant);
  const decided = await submitSchoolTransport(anna, tenant, 'Nils');
  await runJobs(t, tenant);
  const caseBase = `/${tenant.slug}/handlaggning/arenden`;
  const lead = staff.unitLead;
  await mustRedirect(
    lead.postMultipart(`${caseBase}/${reference}/meddelanden`, { body: 'Hej Anna!' }, [
      { field: 'files', filename: 'karta.png', contentType: 'image/png', content: TINY_PNG },
    ]),
  );
  await mustRedirect(
    lead.post(`${caseBase}/${reference}/komplettering`, { steps: 'need', message: 'Ange avståndet' }),
  );
  await t.app.services.caseHandling.changeStatus(lead.actor, decided, 'inProgress', '');
  await mustRedirect(lead.post(`${caseBase}/${decided}/beslut`, DECISION_FORM));
  const caseRows = await db
    .selectFrom('case')
    .select(['id', 'reference'])
    .where('tenantId', '=', tenant.id)
    .execute();
  const caseId = (ref: string) => caseRows.find((row) => row.reference === ref)?.id as string;
  ids.reference = reference;
  ids.decidedReference = decided;
  ids.decisionId = (
    await db
      .selectFrom('decision')
      .select('id')
      .where('caseId', '=', caseId(decided))
      .executeTakeFirstOrThrow()
  ).id;
  ids.messageAttachmentId = (
    await db
      .selectFrom('messageAttachment')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow()
  ).id;
  const proposal = await db
    .selectFrom('caseEvent')
    .select('id')
    .where('caseId', '=', caseId(reference))
    .where('type', '=', 'proposal')
    .executeTakeFirstOrThrow();
  ids.proposalId = String(proposal.id);
  const report = await reportViaWeb(anna, tenant, { photo: 'lampa.png', latitude: 59.2, longitude: 17.6 });
  ids.faultReference = report.reference;
  const faultCase = await db
    .selectFrom('case')
    .select('id')
    .where('reference', '=', report.reference)
    .executeTakeFirstOrThrow();
  ids.caseAttachmentId = (
    await db
      .selectFrom('attachment')
      .select('id')
      .where('caseId', '=', faultCase.id)
      .executeTakeFirstOrThrow()
  ).id;
  const anonymousReport = await reportViaWeb(new TestClient(t.app), tenant, {
    latitude: 59.2,
    longitude: 17.6,
  });
  ids.followToken = followTokenOf(anonymousReport.receipt);
  ids.anonymousFaultReference = anonymousReport.reference;
  ids.submittedDraftId = (
    await db.selectFrom('case').select('draftId').where('reference', '=', reference).executeTakeFirstOrThrow()
  ).draftId as string;
  ids.automaticReference = await automaticCase(t, tenant, anna);
  const { base } = await fillFaultReport(anna, tenant, { photo: 'utkast.png' });
  ids.draftId = base.split('/').pop() as string;
  ids.draftAttachmentId = (
    await db
      .selectFrom('attachment')
      .select('id')
      .where('draftId', '=', ids.draftId)
      .executeTakeFirstOrThrow()
  ).id;
}

/**
 * A case of the own unit shared with `unitId` (decision 0033): its reference and the share's id. The
 * scene shares a case of its own, so the other unit's officer reads no other case of the scene.
 */
export async function sharedCase(
  t: TestApp,
  tenant: Tenant,
  anna: ResidentClient,
  lead: StaffClient,
  unitId: string,
): Promise<{ reference: string; shareId: string }> {
  const reference = await submitSchoolTransport(anna, tenant, 'Delad');
  const endsOn = addDays(swedishToday(new Date()), 7);
  const share = { unitId, reason: 'Behöver elevhälsans yttrande', endsOn };
  await mustRedirect(lead.post(`/${tenant.slug}/handlaggning/arenden/${reference}/dela`, share));
  const row = await t.database.db
    .selectFrom('caseShare')
    .innerJoin('case', 'case.id', 'caseShare.caseId')
    .select('caseShare.id')
    .where('case.reference', '=', reference)
    .executeTakeFirstOrThrow();
  return { reference, shareId: row.id };
}

/** The follow-up token on an anonymous reporter's receipt. */
function followTokenOf(receipt: string): string {
  const token = /\/felanmalan\/folj\/([A-Za-z0-9_-]{43})/.exec(receipt)?.[1];
  if (!token) throw new Error('the receipt shows no follow-up link');
  return token;
}

/** Anna's application in the automatic variant, decided by the rules (so she may ask for a review). */
export async function automaticCase(t: TestApp, tenant: Tenant, anna: ResidentClient): Promise<string> {
  const reference = await submitService(anna, tenant, AUTOMATIC_SERVICE);
  await runJobs(t, tenant);
  return reference;
}

/** Submits a school-transport application (either variant) as the client; its reference. */
export async function submitService(client: TestClient, tenant: Tenant, service: string): Promise<string> {
  const started = await client.post(`/${tenant.slug}/e-tjanster/${service}/starta`);
  const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
  for (const [step, answers] of schoolTransportSteps())
    await mustRedirect(client.post(`${base}/steg/${step}`, answers));
  await mustRedirect(client.post(`${base}/skicka`));
  const receipt = await client.get(`${base}/kvitto`);
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec(receipt.body)?.[1];
  if (!reference) throw new Error('no reference on the receipt');
  return reference;
}

export const DECISION_FORM = {
  outcome: 'granted',
  justification: 'Skolvägen är längre än sex kilometer.',
  legalBasis: '10 kap. 32 § skollagen (2010:800)',
  validFrom: '',
  validTo: '',
  appealInformation: '',
};

export async function mustRedirect(response: Promise<{ statusCode: number; body: string }>) {
  const answered = await response;
  if (answered.statusCode !== 303)
    throw new Error(`scene set-up refused (${answered.statusCode}): ${answered.body.slice(0, 300)}`);
}
