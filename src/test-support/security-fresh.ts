/**
 * Resources of their own for the authorization matrix's allowed state changes (issue #14): a request
 * that releases, moves, decides, revokes or deletes gets a fresh case, client or session, so that
 * no allowed change decides the outcome of another cell.
 */
import { swedishToday } from '../modules/forms/validate-step.ts';
import { SESSION_COOKIE } from '../platform/sessions/session-service.ts';
import type { TestApp } from './app.ts';
import { reportViaWeb } from './fault-reports.ts';
import { residentClient } from './fixtures.ts';
import { runJobs } from './proposals.ts';
import { type Actor, type ActorName, browserActor } from './security-actors.ts';
import { deadDelivery, deadJob, registerDevice, webhook } from './security-admin.ts';
import { automaticCase, sharedCase } from './security-fixtures.ts';
import type { SecurityScene } from './security-scene.ts';
import { submitSchoolTransport } from './staff.ts';

/** What a fresh fixture gives: ids to use instead of the scene's, or another actor to send as. */
export interface FreshResult {
  ids?: Record<string, string>;
  actor?: Actor;
}

export type Fresh = (t: TestApp, scene: SecurityScene, actor: ActorName) => Promise<FreshResult>;

const newCase = async (scene: SecurityScene) => submitSchoolTransport(scene.anna, scene.tenant, 'Fresh');
const caseBase = (scene: SecurityScene, reference: string) =>
  `/${scene.tenant.slug}/handlaggning/arenden/${reference}`;

async function expect303(response: Promise<{ statusCode: number; body: string }>) {
  const answered = await response;
  if (answered.statusCode !== 303) throw new Error(`fresh fixture refused: ${answered.body.slice(0, 300)}`);
}

export const fresh = {
  /** The actor on a copy of its session (logging out ends only the copy). */
  session: async (_t, scene, actor) => ({ actor: await scene.fork(actor) }),
  case: async (_t, scene) => ({ ids: { reference: await newCase(scene) } }),
  assignedCase: async (_t, scene) => {
    const reference = await newCase(scene);
    await expect303(scene.staff.officer.post(`${caseBase(scene, reference)}/ta`));
    return { ids: { reference } };
  },
  caseInProgress: async (t, scene) => {
    const reference = await newCase(scene);
    await t.app.services.caseHandling.changeStatus(scene.staff.unitLead.actor, reference, 'inProgress', '');
    return { ids: { reference } };
  },
  completionCase: async (_t, scene) => {
    const reference = await newCase(scene);
    const request = { steps: 'need', message: 'Ange avståndet' };
    await expect303(scene.staff.unitLead.post(`${caseBase(scene, reference)}/komplettering`, request));
    return { ids: { reference } };
  },
  automaticCase: async (t, scene) => ({
    ids: { automaticReference: await automaticCase(t, scene.tenant, scene.anna) },
  }),
  proposal: async (t, scene) => {
    const reference = await newCase(scene);
    await runJobs(t, scene.tenant);
    await t.app.services.caseHandling.changeStatus(scene.staff.unitLead.actor, reference, 'inProgress', '');
    const row = await t.database.db
      .selectFrom('caseEvent')
      .innerJoin('case', 'case.id', 'caseEvent.caseId')
      .select('caseEvent.id')
      .where('case.reference', '=', reference)
      .where('caseEvent.type', '=', 'proposal')
      .executeTakeFirstOrThrow();
    return { ids: { reference, proposalId: String(row.id) } };
  },
  draft: async (_t, scene) => {
    const started = await scene.anna.post(`/${scene.tenant.slug}/e-tjanster/felanmalan/starta`);
    const draftId = String(started.headers.location).split('/utkast/')[1]?.split('/')[0] as string;
    return { ids: { draftId } };
  },
  representation: async (t, scene) => {
    const principal = {
      personId: scene.anna.personId,
      name: 'Anna Matrisson',
      personalIdentityNumber: scene.ids.annaPersonalIdentityNumber as string,
    };
    const representationId = await t.app.services.representatives.appoint(principal, scene.tenant.id, {
      personalIdentityNumber: '197703242383',
      givenName: 'Vera',
      familyName: 'Matrisson',
      scope: 'alla',
      // Today when it runs, not when the scene was built (a run may cross midnight, Swedish time).
      validFrom: swedishToday(new Date()),
    });
    return { ids: { representationId } };
  },
  device: async (t, scene) => {
    const device = await registerDevice(t, scene.staff.admin, `Givare ${Date.now()}`);
    return { ids: { deviceId: device.id } };
  },
  open311Client: async (t, scene) => {
    const client = await t.app.services.open311.createClient(scene.staff.admin.actor, 'Annan app');
    return { ids: { open311ClientId: client.id } };
  },
  apiClient: async (t, scene) => {
    const client = await t.app.services.apiClients.register(scene.staff.admin.actor, {
      name: 'Annat system',
      scopes: ['opendata:read'],
      unitIds: [],
      serviceIds: [],
    });
    return { ids: { clientId: client.id } };
  },
  webhook: async (t, scene) => {
    const { id } = await webhook(t, scene.staff.admin, scene.units);
    return { ids: { subscriptionId: id, deliveryId: String(await deadDelivery(t, scene.tenant, id)) } };
  },
  synonym: async (t, scene) => {
    const phrase = `buss ${Date.now()}`;
    await t.app.services.routing.addSynonym(scene.staff.admin.actor, {
      phrase,
      serviceId: scene.ids.serviceId as string,
      words: '',
    });
    const row = await t.database.db
      .selectFrom('routingSynonym')
      .select('id')
      .where('tenantId', '=', scene.tenant.id)
      .where('phrase', '=', phrase)
      .executeTakeFirstOrThrow();
    return { ids: { synonymId: row.id } };
  },
  faultReports: async (_t, scene) => {
    const place = { latitude: 59.2, longitude: 17.6 };
    const one = await reportViaWeb(scene.anna, scene.tenant, place);
    const other = await reportViaWeb(scene.anna, scene.tenant, place);
    return { ids: { faultReference: one.reference, anonymousFaultReference: other.reference } };
  },
  deadJob: async (t, scene) => ({ ids: { jobId: String(await deadJob(t, scene.tenant)) } }),
  share: async (t, scene) => {
    const shared = await sharedCase(t, scene.tenant, scene.anna, scene.staff.unitLead, scene.units.other);
    return { ids: { sharedReference: shared.reference, shareId: shared.shareId } };
  },
  /**
   * Deleting one's profile: the scene's resident, representative and staff have cases,
   * representations or a staff post, which keep their profiles (409, nothing deleted); the other
   * resident has nothing, so a person of their own (with no ties either) is deleted instead.
   */
  profile: async (t, _scene, actor) => {
    if (actor !== 'otherResident') return {};
    const person = { personalIdentityNumber: '197703262381', givenName: 'Ulla', familyName: 'Matrisson' };
    const client = await residentClient(t, person);
    const session = { token: client.cookies.get(SESSION_COOKIE) as string, csrfToken: client.csrfToken };
    return { actor: browserActor(t.app, actor, session) };
  },
} satisfies Record<string, Fresh>;
