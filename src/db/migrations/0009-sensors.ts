/**
 * Issue #11 (sensors): devices registered per tenant, watching an asset (a bin, a roof, a well),
 * their readings as a time series, and the state of each alarm rule per asset and kind with the
 * one open case it feeds (docs/sensors.md, decision 0016).
 *
 * - `sensor_reading` is keyed (device, time, measurement): the key is the index the asset page and
 *   the rules read by, and the unique constraint that drops a flood of identical readings.
 * - `sensor_watch` holds, per asset and alarm kind, whether the last evaluated reading was outside
 *   its limit, up to which reading time it has been evaluated and the open case it feeds. Its key
 *   is the lock that keeps several processes from opening two cases for one asset and kind.
 * - A device's HTTP token is stored only as its SHA-256 (null: none issued, or revoked).
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table sensor_asset (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      name text not null check (length(name) between 1 and 200),
      identifier text check (length(identifier) <= 100),
      created_at timestamptz not null default now(),
      unique (tenant_id, name)
    );
    create table sensor_device (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      asset_id uuid not null references sensor_asset(id),
      type text not null check (type in ('binFillLevel', 'roofSnowLoad', 'waterLevel', 'waterQuality')),
      name text not null check (length(name) between 1 and 200),
      base_name text not null check (base_name ~ '^[A-Za-z0-9][A-Za-z0-9:./_-]*$'),
      latitude double precision not null check (latitude between -90 and 90),
      longitude double precision not null check (longitude between -180 and 180),
      thresholds jsonb not null,
      token_hash text check (token_hash ~ '^[0-9a-f]{64}$'),
      token_issued_at timestamptz,
      duplicates_dropped bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (tenant_id, name),
      unique (tenant_id, base_name)
    );
    create unique index sensor_device_token on sensor_device (token_hash) where token_hash is not null;
    create index sensor_device_asset on sensor_device (asset_id);
    create table sensor_reading (
      device_id uuid not null references sensor_device(id),
      at timestamptz not null,
      name text not null,
      value double precision not null,
      unit text not null,
      received_at timestamptz not null default now(),
      primary key (device_id, at, name)
    );
    create table sensor_watch (
      asset_id uuid not null references sensor_asset(id),
      kind text not null,
      tenant_id uuid not null references tenant(id),
      outside boolean not null default false,
      evaluated_to timestamptz,
      case_id uuid references "case"(id),
      case_reference text,
      updated_at timestamptz not null default now(),
      primary key (asset_id, kind)
    );
  `,
  );
}
