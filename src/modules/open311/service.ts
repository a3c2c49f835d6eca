/**
 * Open311 GeoReport v2 use cases (issue #11; docs/open311.md, decision 0017): the fault categories
 * of live felanmälan services as Open311 services, client apps and their keys, new requests as
 * cases (channel `open311`), requests read back, and the `servicerequestupdates` extension.
 */
import type { Kysely } from 'kysely';
import type { Database, StatusCategory } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { newSecret, secretHash } from '../../platform/secrets.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { CaseHandlingService } from '../case-handling/service.ts';
import { acceptsChannel } from '../cases/intake-model.ts';
import { residentEventText } from '../cases/model.ts';
import type { CaseService } from '../cases/service.ts';
import { findStatus } from '../cases/workflow.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { categoryLabel, coarse } from '../fault-reports/model.ts';
import type { FaultReportService, ReportFilter, ReportListRow } from '../fault-reports/service.ts';
import { isAdmin, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import {
  bad,
  type FormBody,
  isoDate,
  Open311Error,
  type Open311Service,
  open311Status,
  requestInput,
  single,
} from './model.ts';
import {
  type ClientRow,
  insertClient,
  revokeClient,
  selectClientByKeyHash,
  selectClientByName,
  selectClients,
} from './store.ts';

export interface Open311Deps {
  db: Kysely<Database>;
  catalogue: Pick<CatalogueService, 'liveServices'>;
  cases: Pick<CaseService, 'prepareCase' | 'openPreparedCase' | 'caseDetailsById' | 'caseRow'>;
  caseHandling: Pick<CaseHandlingService, 'systemCase' | 'recordEvent'>;
  faultReports: Pick<
    FaultReportService,
    'issueFollowToken' | 'reports' | 'notFixedByApp' | 'followedCaseIds'
  >;
  now: () => Date;
}

export type { ClientRow };

/** One service request as `GET requests` shows it (no free text: see docs/open311.md). */
export interface RequestView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: null;
  agency_responsible: null;
  service_notice: null;
  requested_datetime: string | null;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: null;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: null;
}

export interface UpdateView {
  update_id: string;
  service_request_id: string;
  status: 'open' | 'closed';
  updated_datetime: string | null;
  description: string;
  media_url: null;
}

const KEY_PREFIX = 'o311_';

/** The SHA-256 (hex) the database keeps of an API key. */
export const keyHash = secretHash;

function requireAdmin(actor: StaffActor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators manage Open311 clients');
}

/** Field errors of the intake as one readable description (the spec has one text per error). */
function intakeDescription(error: AppError): string {
  const fields = (error.errors ?? []).map((item) => `${item.field}: ${item.message}`);
  return fields.length > 0 ? fields.join('; ') : error.message;
}

export function createOpen311Service(deps: Open311Deps) {
  const { db, now } = deps;

  /** The tenant's Open311 services: every category of every live fault report service taking open311. */
  async function services(tenantId: string): Promise<Open311Service[]> {
    const found = new Map<string, Open311Service>();
    for (const live of await deps.catalogue.liveServices(tenantId)) {
      const definition = live.version.definition;
      const report = definition.faultReport;
      if (!report || !acceptsChannel(definition, 'open311')) continue;
      for (const category of report.categories)
        if (!found.has(category.code))
          found.set(category.code, {
            code: category.code,
            name: categoryLabel(definition, category.code),
            serviceTitle: definition.title,
            serviceVersionId: live.version.id,
            definition,
            statusTexts: category.statusTexts ?? {},
          });
    }
    return [...found.values()];
  }

  async function service(tenantId: string, code: string): Promise<Open311Service> {
    const found = (await services(tenantId)).find((item) => item.code === code);
    if (!found) throw new Open311Error(404, `service_code ${code} not found`);
    return found;
  }

  function view(row: ReportListRow, byCode: Map<string, Open311Service>): RequestView {
    const known = byCode.get(row.category);
    const notes = known?.statusTexts[row.status]?.sv ?? null;
    return {
      service_request_id: row.reference,
      status: open311Status(row.statusCategory as StatusCategory),
      status_notes: notes,
      service_name: known?.name.sv ?? row.category,
      service_code: row.category,
      description: null,
      agency_responsible: null,
      service_notice: null,
      requested_datetime: isoDate(row.submittedAt),
      updated_datetime: isoDate(row.updatedAt),
      expected_datetime: isoDate(row.expectedAt),
      address: null,
      address_id: null,
      zipcode: null,
      lat: row.latitude === null ? null : coarse(row.latitude),
      long: row.longitude === null ? null : coarse(row.longitude),
      media_url: null,
    };
  }

  /**
   * The case ids of the tenant's cases among these references (unknown ones are left out). A report
   * merged into another (decision 0018) stands for the kept one: the client follows the kept request.
   */
  async function caseIdsOf(tenant: Tenant, references: string[]): Promise<string[]> {
    const rows = await Promise.all(
      [...new Set(references)].map((reference) => deps.cases.caseRow(reference)),
    );
    const own = rows
      .filter((row) => row !== undefined && row.tenantId === tenant.id)
      .map((row) => row?.id as string);
    return [...new Set(await deps.faultReports.followedCaseIds(own))];
  }

  /** A request registered by this client, for its updates; 404 otherwise (no hint that it exists). */
  async function ownRequest(tenant: Tenant, client: ClientRow, reference: string) {
    const row = await deps.cases.caseRow(reference);
    if (
      !row ||
      row.tenantId !== tenant.id ||
      row.registeredByKind !== 'apiClient' ||
      row.registeredById !== client.id
    )
      throw new Open311Error(404, `service_request_id ${reference} not found`);
    return row;
  }

  return {
    services,
    service,

    /** The live client of an API key in the tenant; 403 for a missing, wrong or revoked key. */
    async clientByKey(tenant: Tenant, key: string | undefined): Promise<ClientRow> {
      const client = key ? await selectClientByKeyHash(db, keyHash(key)) : undefined;
      if (!client || client.tenantId !== tenant.id)
        throw new Open311Error(403, 'api_key is missing, wrong or revoked');
      return client;
    },

    async clients(actor: StaffActor): Promise<ClientRow[]> {
      requireAdmin(actor);
      return selectClients(db, actor.tenantId);
    },

    /** Registers a client app and returns its key (shown once; only the hash is stored). */
    async createClient(actor: StaffActor, name: string): Promise<{ id: string; key: string }> {
      requireAdmin(actor);
      const clean = name.trim();
      if (clean.length < 1 || clean.length > 200)
        throw new AppError('VALIDATION_FAILED', 'The name is missing or too long', [
          { field: 'name', message: clean ? 'nameTooLong' : 'nameMissing' },
        ]);
      const key = newSecret(KEY_PREFIX);
      const id = await db.transaction().execute(async (trx) => {
        const created = await insertClient(trx, {
          tenantId: actor.tenantId,
          name: clean,
          keyHash: keyHash(key),
          at: now(),
        });
        await recordAudit(trx, {
          tenantId: actor.tenantId,
          actor: auditActorOf(actor),
          action: 'open311.clientCreated',
          details: { clientId: created, name: clean },
          at: now(),
        });
        return created;
      });
      return { id, key };
    },

    async revokeClient(actor: StaffActor, id: string): Promise<void> {
      requireAdmin(actor);
      await db.transaction().execute(async (trx) => {
        if (!/^[0-9a-f-]{36}$/.test(id) || !(await revokeClient(trx, actor.tenantId, id, now())))
          throw new AppError('NOT_FOUND');
        await recordAudit(trx, {
          tenantId: actor.tenantId,
          actor: auditActorOf(actor),
          action: 'open311.clientRevoked',
          details: { clientId: id },
          at: now(),
        });
      });
    },

    /** The demo's client with a known key (demo only); nothing when a client of that name exists. */
    async seedDemoClient(tenantId: string, name: string, key: string): Promise<boolean> {
      if (await selectClientByName(db, tenantId, name)) return false;
      await insertClient(db, { tenantId, name, keyHash: keyHash(key), at: now() });
      return true;
    },

    /**
     * A new service request: a case (channel `open311`, registered by the client) and its follow-up
     * token, in one transaction. 404 for an unknown service code, 400 for everything the form refuses.
     */
    async submit(tenant: Tenant, client: ClientRow, body: FormBody) {
      const code = single(body, 'service_code');
      if (!code) throw bad('service_code is required');
      const target = await service(tenant.id, code);
      const input = requestInput(target, body);
      const openInput = {
        tenant,
        serviceVersionId: target.serviceVersionId,
        answers: input.answers,
        applicant: {
          kind: 'anonymous' as const,
          ...(Object.keys(input.contact).length > 0 ? { contact: input.contact } : {}),
        },
        channel: { channel: 'open311' as const },
        registeredBy: { kind: 'apiClient' as const, id: client.id, label: client.name },
        firstEventData: { open311: { client: client.name, ...input.extra } },
      };
      const prepared = await deps.cases.prepareCase(openInput).catch((error: unknown) => {
        if (
          error instanceof AppError &&
          (error.code === 'INTAKE_INVALID' || error.code === 'CHANNEL_NOT_ACCEPTED')
        )
          throw bad(intakeDescription(error));
        throw error;
      });
      return db.transaction().execute(async (trx) => {
        const opened = await deps.cases.openPreparedCase(trx, prepared);
        const token = await deps.faultReports.issueFollowToken(opened.id, trx);
        return { reference: opened.reference, token };
      });
    },

    /**
     * `GET requests`: a page of the tenant's requests and the cursor of the next one. `references`
     * (the spec's `service_request_id` list) are looked up as cases first (the unique reference index).
     */
    async requests(
      tenant: Tenant,
      filter: Omit<ReportFilter, 'caseIds'> & { references?: string[] },
    ): Promise<{ requests: RequestView[]; next?: { submittedAt: Date; caseId: string } }> {
      const { references, ...rest } = filter;
      const caseIds = references ? await caseIdsOf(tenant, references) : undefined;
      if (caseIds?.length === 0) return { requests: [] };
      const [rows, known] = await Promise.all([
        deps.faultReports.reports(tenant.id, {
          ...rest,
          ...(caseIds ? { caseIds } : {}),
          limit: filter.limit + 1,
        }),
        services(tenant.id),
      ]);
      const byCode = new Map(known.map((item) => [item.code, item]));
      const page = rows.slice(0, filter.limit);
      const last = page.at(-1);
      return {
        requests: page.map((row) => view(row, byCode)),
        ...(rows.length > filter.limit && last
          ? { next: { submittedAt: new Date(last.submittedAt), caseId: last.caseId } }
          : {}),
      };
    },

    /** `GET requests/{id}`: one request by its reference; 404 when the tenant has none. */
    async request(tenant: Tenant, reference: string): Promise<RequestView> {
      const caseIds = await caseIdsOf(tenant, [reference]);
      const [rows, known] = await Promise.all([
        caseIds.length > 0 ? deps.faultReports.reports(tenant.id, { caseIds, limit: 1 }) : [],
        services(tenant.id),
      ]);
      const row = rows[0];
      if (!row) throw new Open311Error(404, `service_request_id ${reference} not found`);
      return view(row, new Map(known.map((item) => [item.code, item])));
    },

    /**
     * `GET servicerequestupdates`: what the reporter may see in the history of the client's own
     * requests (status changes, messages, "not fixed", comments), oldest first.
     */
    async updates(tenant: Tenant, client: ClientRow, references: string[]): Promise<UpdateView[]> {
      const result: UpdateView[] = [];
      for (const reference of references) {
        const row = await ownRequest(tenant, client, reference);
        const details = await deps.cases.caseDetailsById(row.id);
        let status: 'open' | 'closed' = 'open';
        for (const event of details.events) {
          const to = event.data.to;
          const entered =
            event.type === 'statusChanged' && typeof to === 'string'
              ? findStatus(details.workflow, to)
              : undefined;
          if (entered) status = open311Status(entered.category as StatusCategory);
          if (event.type === 'notFixed') status = 'open';
          const line = residentEventText(details.workflow, event);
          result.push({
            update_id: event.id,
            service_request_id: reference,
            status,
            updated_datetime: isoDate(event.createdAt),
            description: line.message ? `${line.text.sv}: ${line.message}` : line.text.sv,
            media_url: null,
          });
        }
      }
      return result;
    },

    /**
     * `POST servicerequestupdates`: `status=open` on a report marked fixed is the reporter's
     * "not fixed" (reopens it within the window); anything else is a comment in the history that the
     * reporter and the unit see. The same `update_id` twice records it once. Answers our update id.
     */
    async postUpdate(tenant: Tenant, client: ClientRow, body: FormBody): Promise<string> {
      const reference = single(body, 'service_request_id');
      const updateId = single(body, 'update_id');
      const status = single(body, 'status')?.toLowerCase();
      const description = single(body, 'description') ?? '';
      if (!reference) throw bad('service_request_id is required');
      if (!updateId) throw bad('update_id is required');
      if (updateId.length > 100) throw bad('update_id is longer than 100 characters');
      if (status !== 'open' && status !== 'closed') throw bad('status must be open or closed');
      if (!description) throw bad('description is required');
      if (description.length > 2000) throw bad('description is longer than 2000 characters');
      const row = await ownRequest(tenant, client, reference);
      const seen = (await deps.cases.caseDetailsById(row.id)).events.find(
        (event) => event.data.open311UpdateId === updateId && event.data.open311Client === client.id,
      );
      if (seen) return seen.id;
      const currentlyOpen = open311Status(row.statusCategory as StatusCategory) === 'open';
      const marks = { open311UpdateId: updateId, open311Client: client.id, open311Status: status };
      if (status === 'open' && !currentlyOpen) {
        await deps.faultReports
          .notFixedByApp(reference, description, client.name, marks)
          .catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
              const reason = error.errors?.[0]?.message;
              throw bad(
                reason === 'windowClosed'
                  ? 'The time to answer that the fault is not fixed has passed: post a new request'
                  : 'This request cannot be reopened now',
              );
            }
            throw error;
          });
      } else {
        const lock = await deps.caseHandling.systemCase(reference);
        if (!lock) throw new Open311Error(404, `service_request_id ${reference} not found`);
        await db.transaction().execute(async (trx) => {
          const handled = await lock(trx);
          if (!handled) throw new Open311Error(404, `service_request_id ${reference} not found`);
          await deps.caseHandling.recordEvent(trx, handled, {
            type: 'open311Comment',
            actor: { kind: 'anonymous', name: client.name },
            data: { ...marks, message: description },
            visibility: 'resident',
          });
        });
      }
      const recorded = (await deps.cases.caseDetailsById(row.id)).events.find(
        (event) => event.data.open311UpdateId === updateId && event.data.open311Client === client.id,
      );
      return recorded?.id ?? updateId;
    },
  };
}

export type Open311ApiService = ReturnType<typeof createOpen311Service>;
