/**
 * API clients (issue #12): administrators register a business system's client with scopes and a
 * reach (units, services), rotate or revoke its secret; the client authenticates with that secret as
 * an API key or trades it for a short-lived OAuth 2.0 access token (client credentials grant).
 * Secrets and tokens are kept only as SHA-256 hashes. Every registration, rotation and revocation is
 * in the audit log; the client's own acts are audited by the services it calls (client-cases.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type AuditActor, recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { newSecret, secretHash } from '../../platform/secrets.ts';
import { isAdmin, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import {
  ACCESS_TOKEN_PREFIX,
  type ApiScope,
  CLIENT_SECRET_PREFIX,
  type ClientActor,
  checkRegistration,
  grantedScopes,
  isApiScope,
  secretHint,
  TOKEN_TTL_SECONDS,
} from './model.ts';
import {
  type ApiClientRow,
  deleteExpiredTokens,
  deleteTokens,
  insertApiClient,
  insertApiToken,
  revokeApiClient,
  selectApiClient,
  selectApiClients,
  selectClientByToken,
  selectLiveClientBySecret,
  touchLastUsed,
  updateSecret,
} from './store.ts';

export type { ApiClientRow };

/** A token request refused, in OAuth 2.0's terms (RFC 6749 §5.2). */
export class TokenRequestError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type',
    readonly description: string,
  ) {
    super(description);
    this.name = 'TokenRequestError';
  }
}

/** What an administrator fills in to register a client (ids as posted; checked against the tenant). */
export interface ClientInput {
  name: string;
  scopes: readonly string[];
  unitIds: readonly string[];
  serviceIds: readonly string[];
}

/** What a live client may do and which cases it reaches, without its secrets. */
export interface ClientReach {
  name: string;
  scopes: ApiScope[];
  unitIds: string[];
  serviceIds: string[];
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scopes: ApiScope[];
}

export interface ApiClientService {
  clients(actor: StaffActor): Promise<ApiClientRow[]>;
  /** The tenant's live clients with their scopes and reach (the record of processing, issue #14). */
  liveClientReach(tenantId: string): Promise<ClientReach[]>;
  /** Registers a client; its secret is returned once (only the hash is kept). VALIDATION_FAILED per field. */
  register(actor: StaffActor, input: ClientInput): Promise<{ id: string; name: string; secret: string }>;
  /** A new secret for a live client; the old one and every token of the client stop working at once. */
  rotate(actor: StaffActor, id: string): Promise<{ name: string; secret: string }>;
  /** Revokes a live client: its secret and tokens stop working; the row stays for the history. */
  revoke(actor: StaffActor, id: string): Promise<void>;
  /** The client behind an API key; API_CLIENT_UNAUTHENTICATED when it is unknown or revoked. */
  byApiKey(key: string): Promise<ClientActor>;
  /** The client behind an access token; API_CLIENT_UNAUTHENTICATED when unknown, expired or revoked. */
  byAccessToken(token: string): Promise<ClientActor>;
  /** The client credentials grant: a token for a client id and secret, with the scopes asked for. */
  issueToken(clientId: string, secret: string, scope: string | undefined): Promise<IssuedToken>;
}

export interface ApiClientDeps {
  db: Kysely<Database>;
  /** The tenant's units and services, to check a registration's reach against. */
  reachOf(actor: StaffActor): Promise<{ unitIds: string[]; serviceIds: string[] }>;
  now: () => Date;
}

/** The audit log's actor for a client's own acts. */
export function clientAuditActor(client: Pick<ClientActor, 'clientId' | 'name'>): AuditActor {
  return { staffId: null, personId: null, apiClientId: client.clientId, name: client.name, unitNames: [] };
}

function requireAdmin(actor: StaffActor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators manage API clients');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function actorOf(row: {
  id: string;
  tenantId: string;
  name: string;
  unitIds: string[];
  serviceIds: string[];
  scopes: string[];
}): ClientActor {
  return {
    clientId: row.id,
    tenantId: row.tenantId,
    name: row.name,
    scopes: row.scopes.filter(isApiScope),
    unitIds: row.unitIds,
    serviceIds: row.serviceIds,
  };
}

const UNAUTHENTICATED = 'The API key or access token is missing, unknown, expired or revoked';

/** Builds the service. */
export function createApiClientService(deps: ApiClientDeps): ApiClientService {
  const { db, now } = deps;

  async function audited(
    actor: StaffActor,
    action: string,
    details: Record<string, unknown>,
    trx: Kysely<Database>,
  ) {
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actor: auditActorOf(actor),
      action,
      details,
      at: now(),
    });
  }

  return {
    async clients(actor) {
      requireAdmin(actor);
      return selectApiClients(db, actor.tenantId);
    },

    async liveClientReach(tenantId) {
      return (await selectApiClients(db, tenantId))
        .filter((row) => row.revokedAt === null)
        .map((row) => ({
          name: row.name,
          scopes: row.scopes.filter(isApiScope),
          unitIds: row.unitIds,
          serviceIds: row.serviceIds,
        }));
    },

    async register(actor, input) {
      requireAdmin(actor);
      const reach = await deps.reachOf(actor);
      const checked = checkRegistration({
        ...input,
        // Ids of another tenant, or made up, are dropped: the reach can only be the tenant's own.
        unitIds: input.unitIds.filter((id) => reach.unitIds.includes(id)),
        serviceIds: input.serviceIds.filter((id) => reach.serviceIds.includes(id)),
      });
      if ('errors' in checked)
        throw new AppError('VALIDATION_FAILED', 'The client is not valid', checked.errors);
      const client = checked.ok;
      const secret = newSecret(CLIENT_SECRET_PREFIX);
      const id = await db.transaction().execute(async (trx) => {
        const created = await insertApiClient(trx, {
          tenantId: actor.tenantId,
          ...client,
          secretHash: secretHash(secret),
          secretHint: secretHint(secret),
          at: now(),
        });
        await audited(actor, 'apiClient.registered', { clientId: created, ...client }, trx);
        return created;
      });
      return { id, name: client.name, secret };
    },

    async rotate(actor, id) {
      requireAdmin(actor);
      const secret = newSecret(CLIENT_SECRET_PREFIX);
      return db.transaction().execute(async (trx) => {
        const row = UUID.test(id) ? await selectApiClient(trx, actor.tenantId, id) : undefined;
        const hash = { secretHash: secretHash(secret), secretHint: secretHint(secret), at: now() };
        if (!row || !(await updateSecret(trx, actor.tenantId, id, hash))) throw new AppError('NOT_FOUND');
        await deleteTokens(trx, id, now());
        await audited(actor, 'apiClient.secretRotated', { clientId: id }, trx);
        return { name: row.name, secret };
      });
    },

    async revoke(actor, id) {
      requireAdmin(actor);
      await db.transaction().execute(async (trx) => {
        if (!UUID.test(id) || !(await revokeApiClient(trx, actor.tenantId, id, now())))
          throw new AppError('NOT_FOUND');
        await deleteTokens(trx, id, now());
        await audited(actor, 'apiClient.revoked', { clientId: id }, trx);
      });
    },

    async byApiKey(key) {
      const row = key.startsWith(CLIENT_SECRET_PREFIX)
        ? await selectLiveClientBySecret(db, secretHash(key))
        : undefined;
      if (!row) throw new AppError('API_CLIENT_UNAUTHENTICATED', UNAUTHENTICATED);
      await touchLastUsed(db, row.id, now());
      return actorOf(row);
    },

    async byAccessToken(token) {
      const row = token.startsWith(ACCESS_TOKEN_PREFIX)
        ? await selectClientByToken(db, secretHash(token), now())
        : undefined;
      if (!row) throw new AppError('API_CLIENT_UNAUTHENTICATED', UNAUTHENTICATED);
      await touchLastUsed(db, row.id, now());
      return actorOf(row);
    },

    async issueToken(clientId, secret, scope) {
      const row = secret.startsWith(CLIENT_SECRET_PREFIX)
        ? await selectLiveClientBySecret(db, secretHash(secret))
        : undefined;
      // The id must match the secret's client: a secret alone is not enough to name another client.
      if (!row || row.id !== clientId)
        throw new TokenRequestError('invalid_client', 'Unknown client, wrong secret, or a revoked client');
      const granted = grantedScopes(row.scopes.filter(isApiScope), scope);
      if ('refused' in granted)
        throw new TokenRequestError(
          'invalid_scope',
          `Scopes the client does not have: ${granted.refused.join(' ')}`,
        );
      const accessToken = newSecret(ACCESS_TOKEN_PREFIX);
      const at = now();
      await deleteExpiredTokens(db, row.id, at);
      await insertApiToken(db, {
        tokenHash: secretHash(accessToken),
        clientId: row.id,
        scopes: granted.scopes,
        at,
        expiresAt: new Date(at.getTime() + TOKEN_TTL_SECONDS * 1000),
      });
      await touchLastUsed(db, row.id, at);
      return { accessToken, expiresIn: TOKEN_TTL_SECONDS, scopes: granted.scopes };
    },
  };
}
