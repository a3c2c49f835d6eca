/** Environment → one typed, validated Config. Fails fast with a clear message. */
import net from 'node:net';
import path from 'node:path';
import { DataKeyConfigError, type DataKeySettings, dataKeysFrom } from './platform/protection/data-keys.ts';
import { type DevelopmentFeatures, productionGuardMessage, productionSignal } from './production-guard.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim holding the Swedish personal identity number. */
  personalIdentityNumberClaim: string;
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  /** Embedded database and uploaded files live here; `:memory:` keeps the database in memory. */
  dataDir: string;
  /** Resident OIDC provider; undefined → the in-process development IdP. */
  oidc: OidcSettings | undefined;
  /** Officers' OIDC provider (STAFF_OIDC_*); undefined → the resident provider is used for officers too. */
  staffOidc: OidcSettings | undefined;
  devIdp: boolean;
  cookieSecure: boolean;
  seedDemo: boolean;
  logLevel: string;
  dbPoolSize: number;
  sessionTtlHours: number;
  /** Outgoing mail server (SMTP_URL, smtp:// or smtps://); undefined → the development mailbox, if on. */
  smtpUrl: string | undefined;
  /** Sender of notification mail (MAIL_FROM), e.g. `Ingång <no-reply@exempelstad.se>`. */
  mailFrom: string;
  /** The development mailbox (DEV_MAILBOX): an in-process SMTP server and the /dev-mail page. */
  devMailbox: boolean;
  /**
   * Which proxies to believe about the client's address (TRUST_PROXY): false (default), true, or a
   * list of proxy addresses/CIDR ranges. Passed to Fastify's `trustProxy`.
   */
  trustProxy: boolean | string[];
  /**
   * The MQTT broker sensors publish their readings to (MQTT_URL, mqtt://, mqtts://, ws:// or wss://);
   * undefined → no MQTT subscription (readings still arrive over HTTP). docs/sensors.md.
   */
  mqttUrl: string | undefined;
  /**
   * The topic filters the MQTT subscription uses (MQTT_TOPICS, comma-separated); undefined → every
   * tenant's devices in the installation's share group, `$share/ingang/ingang/+/+/senml`.
   */
  mqttTopics: string[] | undefined;
  /**
   * MQTT connections per process (MQTT_SUBSCRIBERS): each stores one message at a time before it
   * acknowledges it, so more connections store more messages at once. Above 1 the filters must be
   * shared subscriptions; 4 by default, 1 when MQTT_TOPICS has a filter outside a share group.
   */
  mqttSubscribers: number;
  /**
   * A client id for this process's MQTT sessions that survives restarts (MQTT_CLIENT_ID, 1–40
   * letters, digits, `-`, `_` or `.`; unique per process of the installation). Undefined → an id
   * from the host and process id, whose sessions expire a minute after the process ends.
   */
  mqttClientId: string | undefined;
  /**
   * Whether this process runs the job worker (JOB_WORKER, default true). False for a process that
   * only serves requests while others run the jobs (and for the bench's SQL capture).
   */
  jobWorker: boolean;
  /**
   * Whether the job worker runs in a worker thread of its own (JOB_WORKER_THREAD), with its own event
   * loop and database connections, so that a saturating request load cannot starve it (issue #10,
   * decision 0021). Default: true on a PostgreSQL server (DATABASE_URL); false on the embedded
   * database, which only the main thread can reach (true there is a configuration error).
   */
  jobWorkerThread: boolean;
  /** Requests a minute one API client may make (API_RATE_LIMIT_PER_MINUTE, default 600; issue #12). */
  apiRateLimitPerMinute: number;
  /**
   * Seals webhook signing secrets at rest (WEBHOOK_SECRET_KEY, AES-256-GCM; platform/secret-box.ts);
   * undefined → kept as given. The same value in every process of the installation.
   */
  webhookSecretKey: string | undefined;
  /**
   * The map's background tiles (MAP_TILE_URL, MAP_TILE_ATTRIBUTION, MAP_TILE_ATTRIBUTION_URL);
   * undefined (MAP_TILE_URL set empty) → no map is offered. docs/fault-reports.md, decision 0019.
   */
  mapTiles: MapTiles | undefined;
  /** Retention and disposal (issue #14, modules/disposal, docs/privacy.md). */
  disposal: DisposalSettings;
  /**
   * INGANG_DEMO=true declares a public demo: only then may the development IdP, the demo seed and the
   * development mailbox be on where PUBLIC_URL is https or NODE_ENV=production (production-guard.ts).
   */
  demo: boolean;
  /**
   * A logged-in session ends after this many minutes without a request (SESSION_IDLE_MINUTES,
   * default 30); SESSION_TTL_HOURS is the absolute limit from login (docs/security.md).
   */
  sessionIdleMinutes: number;
  /** Requests a minute before 429, kept in the database for every process (docs/security.md). */
  rateLimits: RateLimits;
  /** The ClamAV daemon uploads are scanned by (CLAMD_SOCKET or CLAMD_HOST/CLAMD_PORT); undefined → no scan. */
  clamd: ClamdSettings | undefined;
  /**
   * Keys sealing personnummer and confidentiality-3 answers at rest and hashing personnummer for
   * look-ups (DATA_ENCRYPTION_KEYS, DATA_LOOKUP_KEY; platform/protection, decision 0034). Required
   * where the production guard applies (NODE_ENV=production or https) unless INGANG_DEMO=true;
   * elsewhere derived development keys stand in (and main.ts warns).
   */
  dataKeys: DataKeySettings;
  version: string;
}

/** When the disposal job runs and how long unfinished drafts are kept (issue #14, decision 0031). */
export interface DisposalSettings {
  /**
   * Minutes between this process's disposal runs (DISPOSAL_INTERVAL_MINUTES, default 60); 0 runs
   * none here (another process must). Runs of several processes at once are safe.
   */
  intervalMinutes: number;
  /** Days an open draft of a logged-in person is kept untouched before it goes (DISPOSAL_DRAFT_DAYS, default 90). */
  abandonedDraftDays: number;
  /**
   * Hours an anonymous visitor's open draft is kept untouched (DISPOSAL_ANONYMOUS_HOURS); never less
   * than a session lives (SESSION_TTL_HOURS), so only drafts no live session can reach go. Default:
   * 24, or the session lifetime if longer.
   */
  anonymousDraftHours: number;
}

/** Requests a minute per key (RATE_LIMIT_*_PER_MINUTE); the API's is apiRateLimitPerMinute. */
export interface RateLimits {
  /** Per client address: starting a login (resident or officer) and its callback. */
  loginPerMinute: number;
  /** Per logged-in person, else per client address: posts of forms, messages and reports. */
  submitPerMinute: number;
  /** Per client address: searches and the anonymous suggestions API. */
  searchPerMinute: number;
}

/** Where clamd listens: a unix socket, or a TCP host and port; and how long a scan may take. */
export type ClamdSettings = ({ socket: string } | { host: string; port: number }) & { timeoutMs: number };

/** Where the map's tiles come from: a `{z}/{x}/{y}` template on one fixed host, and its attribution. */
export interface MapTiles {
  /** e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png` */
  urlTemplate: string;
  /** The template's origin, e.g. `https://tile.openstreetmap.org`: the one image source the map pages' CSP adds. */
  origin: string;
  /** Plain text shown on the map, e.g. `© OpenStreetMap`. */
  attribution: string;
  /** Where the attribution links to, if anywhere. */
  attributionUrl: string | undefined;
}

export class ConfigError extends Error {}

const DEFAULT_PIN_CLAIM = 'https://id.oidc.se/claim/personalIdentityNumber';

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function urlFrom(name: string, raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
}

/** One OIDC configuration from `<prefix>ISSUER`, `<prefix>CLIENT_ID`, `<prefix>CLIENT_SECRET`, `<prefix>PIN_CLAIM`. */
function oidcFrom(env: NodeJS.ProcessEnv, prefix = 'OIDC_'): OidcSettings | undefined {
  const issuer = env[`${prefix}ISSUER`];
  if (!issuer) return undefined;
  const clientId = env[`${prefix}CLIENT_ID`];
  const clientSecret = env[`${prefix}CLIENT_SECRET`];
  if (!clientId || !clientSecret) {
    throw new ConfigError(
      `${prefix}ISSUER is set, so ${prefix}CLIENT_ID and ${prefix}CLIENT_SECRET are required too`,
    );
  }
  return {
    issuer: urlFrom(`${prefix}ISSUER`, issuer),
    clientId,
    clientSecret,
    personalIdentityNumberClaim: env[`${prefix}PIN_CLAIM`] || DEFAULT_PIN_CLAIM,
  };
}

/** SMTP_URL carries a password, so an error names the variable but never echoes its value. */
function smtpUrlFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new ConfigError('SMTP_URL must look like smtp://user:password@host:587 (or smtps://…)');
  }
  return raw;
}

/** MQTT_CLIENT_ID: a stable id for this process's MQTT sessions, or undefined. */
function mqttClientIdFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(raw))
    throw new ConfigError(`MQTT_CLIENT_ID must be 1–40 letters, digits, '-', '_' or '.', got "${raw}"`);
  return raw;
}

/** MQTT_URL may carry a password, so an error names the variable but never echoes its value. */
function mqttUrlFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError(
      'MQTT_URL must look like mqtt://user:password@host:1883 (or mqtts://, ws://, wss://)',
    );
  }
  return raw;
}

/**
 * A filter for device topics `ingang/{tenant}/{deviceId}/senml` (a tenant slug or `+`, a device id or
 * `+`), optionally in a share group (`$share/{group}/…`): another installation on the same broker,
 * or a benchmark, uses a group or devices of its own. Anything else could never name a device.
 */
const TOPIC_FILTER =
  /^(\$share\/[^/+#\s]{1,64}\/)?ingang\/(\+|[a-z0-9-]{1,63})\/(\+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/senml$/;

function mqttTopicsFrom(raw: string | undefined): string[] | undefined {
  if (!raw || raw.trim() === '') return undefined;
  const filters = raw.split(',').map((entry) => entry.trim());
  const bad = filters.find((filter) => !TOPIC_FILTER.test(filter));
  if (bad !== undefined) {
    throw new ConfigError(
      `MQTT_TOPICS must be comma-separated filters of ingang/{tenant}/{deviceId}/senml (+ for any), optionally $share/{group}/…, got "${bad}"`,
    );
  }
  return filters;
}

function mailFromFrom(raw: string | undefined): string {
  const value = raw || 'Ingång <no-reply@localhost>';
  if (!/^([^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(value.trim())) {
    throw new ConfigError(
      `MAIL_FROM must be an address, optionally with a name: "Name <a@b.se>", got "${raw}"`,
    );
  }
  return value.trim();
}

const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/**
 * MAP_TILE_URL: unset → OpenStreetMap's standard tiles (with their attribution); empty → no map; else
 * an http(s) template with `{z}`, `{x}` and `{y}` in its path or query and a literal host (no `{s}`
 * subdomains: the Content-Security-Policy names exactly one tile host).
 */
function mapTilesFrom(env: NodeJS.ProcessEnv): MapTiles | undefined {
  const raw = env.MAP_TILE_URL;
  if (raw !== undefined && raw.trim() === '') return undefined;
  const template = (raw ?? OSM_TILES).trim();
  const refuse = (why: string) =>
    new ConfigError(`MAP_TILE_URL must be an http(s) URL template like ${OSM_TILES} (${why}), got "${raw}"`);
  const match = /^(https?):\/\/([^/?#{}\s]+)([/?][^\s]*)$/.exec(template);
  if (!match) throw refuse('a literal host, then a path');
  let origin: string;
  try {
    origin = new URL(`${match[1]}://${match[2]}`).origin;
  } catch {
    throw refuse('a valid host');
  }
  for (const part of ['{z}', '{x}', '{y}']) if (!template.includes(part)) throw refuse(`missing ${part}`);
  const isOsm = template === OSM_TILES;
  const attribution = (env.MAP_TILE_ATTRIBUTION ?? '').trim() || (isOsm ? '© OpenStreetMap' : '');
  if (!attribution) throw new ConfigError('MAP_TILE_ATTRIBUTION is required with a MAP_TILE_URL of your own');
  const link = (env.MAP_TILE_ATTRIBUTION_URL ?? '').trim();
  const attributionUrl = link
    ? urlFrom('MAP_TILE_ATTRIBUTION_URL', link)
    : isOsm
      ? 'https://www.openstreetmap.org/copyright'
      : undefined;
  return { urlTemplate: template, origin, attribution, attributionUrl };
}

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: true/false, or a comma list of proxy addresses, CIDR ranges and proxy-addr's named
 * ranges. A hop count is refused: Fastify 5 trusts no proxy for one (it cannot check the peer).
 */
function trustProxyFrom(raw: string | undefined): boolean | string[] {
  const value = (raw ?? '').trim();
  if (value === '') return false;
  if (['true', 'false', 'yes', 'no', 'on', 'off'].includes(value.toLowerCase())) {
    return boolFrom({ TRUST_PROXY: value }, 'TRUST_PROXY', false);
  }
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => !isAddressOrRange(entry))) {
    throw new ConfigError(
      `TRUST_PROXY must be true, false or a comma list of proxy addresses (10.0.0.1, 10.0.0.0/8, loopback), got "${raw}"`,
    );
  }
  return entries;
}

/** DISPOSAL_*: the disposal job's interval and how long unfinished drafts are kept. */
function disposalFrom(env: NodeJS.ProcessEnv, sessionTtlHours: number): DisposalSettings {
  const anonymousDraftHours = intFrom(
    env,
    'DISPOSAL_ANONYMOUS_HOURS',
    Math.max(24, sessionTtlHours),
    1,
    24 * 365,
  );
  // A draft reachable from a live session must not go: its visitor may be filling it in right now.
  if (anonymousDraftHours < sessionTtlHours)
    throw new ConfigError(
      `DISPOSAL_ANONYMOUS_HOURS must be at least SESSION_TTL_HOURS (${sessionTtlHours}), got "${anonymousDraftHours}"`,
    );
  return {
    intervalMinutes: intFrom(env, 'DISPOSAL_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60),
    abandonedDraftDays: intFrom(env, 'DISPOSAL_DRAFT_DAYS', 90, 1, 3650),
    anonymousDraftHours,
  };
}

/** CLAMD_SOCKET, or CLAMD_HOST with CLAMD_PORT (default 3310); CLAMD_TIMEOUT_SECONDS per scan. */
function clamdFrom(env: NodeJS.ProcessEnv): ClamdSettings | undefined {
  const socket = env.CLAMD_SOCKET || undefined;
  const host = env.CLAMD_HOST || undefined;
  if (socket && host) throw new ConfigError('Set CLAMD_SOCKET or CLAMD_HOST, not both');
  const timeoutMs = intFrom(env, 'CLAMD_TIMEOUT_SECONDS', 30, 1, 600) * 1000;
  if (socket) {
    if (!path.isAbsolute(socket))
      throw new ConfigError(`CLAMD_SOCKET must be an absolute path, got "${socket}"`);
    return { socket, timeoutMs };
  }
  if (host) return { host, port: intFrom(env, 'CLAMD_PORT', 3310, 1, 65535), timeoutMs };
  if (env.CLAMD_PORT) throw new ConfigError('CLAMD_PORT needs CLAMD_HOST');
  return undefined;
}

function rateLimitsFrom(env: NodeJS.ProcessEnv): RateLimits {
  return {
    loginPerMinute: intFrom(env, 'RATE_LIMIT_LOGIN_PER_MINUTE', 60, 1, 1_000_000),
    submitPerMinute: intFrom(env, 'RATE_LIMIT_SUBMIT_PER_MINUTE', 30, 1, 1_000_000),
    searchPerMinute: intFrom(env, 'RATE_LIMIT_SEARCH_PER_MINUTE', 120, 1, 1_000_000),
  };
}

/** Refuses the development features where residents are, unless INGANG_DEMO=true (production-guard.ts). */
function guardProduction(env: NodeJS.ProcessEnv, publicUrl: string, features: DevelopmentFeatures) {
  const demo = boolFrom(env, 'INGANG_DEMO', false);
  const refusal = productionGuardMessage(env, publicUrl, features, demo);
  if (refusal) throw new ConfigError(refusal);
  return demo;
}

/** The data keys (decision 0034): required where the production guard applies, unless a public demo. */
function dataKeysOf(env: NodeJS.ProcessEnv, requiredBecause: string | undefined): DataKeySettings {
  try {
    return dataKeysFrom(env, { requiredBecause });
  } catch (error) {
    if (error instanceof DataKeyConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Reads and validates the configuration; throws ConfigError naming the offending variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, version = '0.0.0'): Config {
  const port = intFrom(env, 'PORT', 3000, 0, 65535);
  const publicUrl = urlFrom('PUBLIC_URL', env.PUBLIC_URL || `http://localhost:${port}`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const oidc = oidcFrom(env);
  const smtpUrl = smtpUrlFrom(env.SMTP_URL);
  const devIdp = boolFrom(env, 'DEV_IDP', oidc === undefined);
  const dataDir = env.DATA_DIR === ':memory:' ? ':memory:' : path.resolve(env.DATA_DIR || './data');
  const jobWorkerThread = boolFrom(env, 'JOB_WORKER_THREAD', databaseUrl !== undefined);
  if (jobWorkerThread && !databaseUrl) {
    throw new ConfigError(
      'JOB_WORKER_THREAD=true needs DATABASE_URL: the embedded database is reachable from the main thread only',
    );
  }
  const sessionTtlHours = intFrom(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30);
  const mqttTopics = mqttTopicsFrom(env.MQTT_TOPICS);
  // Every connection has a session of its own: without a share group each would store every message.
  const shared = mqttTopics?.every((topic) => topic.startsWith('$share/')) ?? true;
  const mqttSubscribers = intFrom(env, 'MQTT_SUBSCRIBERS', shared ? 4 : 1, 1, 32);
  if (mqttSubscribers > 1 && !shared)
    throw new ConfigError(
      'MQTT_SUBSCRIBERS above 1 needs shared subscriptions ($share/{group}/…) in MQTT_TOPICS',
    );
  const seedDemo = boolFrom(env, 'SEED_DEMO', true);
  const devMailbox = boolFrom(env, 'DEV_MAILBOX', devIdp && smtpUrl === undefined);
  const demo = guardProduction(env, publicUrl, { devIdp, seedDemo, devMailbox });
  return {
    port,
    host: env.HOST || '127.0.0.1',
    publicUrl,
    databaseUrl,
    dataDir,
    oidc,
    staffOidc: oidcFrom(env, 'STAFF_OIDC_'),
    devIdp,
    cookieSecure: boolFrom(env, 'COOKIE_SECURE', publicUrl.startsWith('https:')),
    seedDemo,
    logLevel: env.LOG_LEVEL || 'info',
    dbPoolSize: intFrom(env, 'DB_POOL_SIZE', 10, 1, 200),
    sessionTtlHours,
    smtpUrl,
    mailFrom: mailFromFrom(env.MAIL_FROM),
    devMailbox,
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    mqttUrl: mqttUrlFrom(env.MQTT_URL),
    mqttTopics,
    mqttSubscribers,
    mqttClientId: mqttClientIdFrom(env.MQTT_CLIENT_ID),
    jobWorker: boolFrom(env, 'JOB_WORKER', true),
    jobWorkerThread,
    webhookSecretKey: env.WEBHOOK_SECRET_KEY || undefined,
    apiRateLimitPerMinute: intFrom(env, 'API_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    mapTiles: mapTilesFrom(env),
    disposal: disposalFrom(env, sessionTtlHours),
    demo,
    sessionIdleMinutes: intFrom(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    rateLimits: rateLimitsFrom(env),
    clamd: clamdFrom(env),
    dataKeys: dataKeysOf(env, demo ? undefined : productionSignal(env, publicUrl)),
    version,
  };
}
