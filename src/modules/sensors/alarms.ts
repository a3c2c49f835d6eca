/**
 * Alarm rules (issue #11, decision 0016): a device's new readings are evaluated per asset and alarm
 * kind, in time order, from where the last evaluation stopped (`sensor_watch.evaluated_to`). The
 * first reading that crosses the limit opens a fault case (or, when the asset's case of that kind
 * is still open, adds an event to it); the first reading back inside adds "Nivån är åter normal"
 * to the open case. Each change is one transaction that locks the watch row (one per asset and
 * kind), writes the case change and moves the watch on: so it happens once, whichever process
 * and however often the job runs, and never two open cases exist for one asset and kind.
 * Everything read outside the transaction (the case's context, the prepared intake) is checked
 * against the locked watch; when another process moved it meanwhile, the pass starts again.
 */
import type { Kysely } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import type { SystemCaseLock } from '../case-handling/system-case.ts';
import type { PreparedCase } from '../cases/service.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import { type AlarmFacts, FAULT_SERVICE, faultAnswers, readingData } from './alarm-model.ts';
import {
  alarmText,
  type DeviceType,
  deviceType,
  firstTransition,
  normalText,
  ruleMeasurement,
  type Transition,
} from './model.ts';
import type { SensorServiceDeps } from './service.ts';
import {
  type DeviceRow,
  lockWatch,
  selectDeviceById,
  selectRuleReadings,
  selectWatch,
  updateWatch,
  type WatchRow,
} from './store.ts';

/** Readings read per pass; a device that sent more is evaluated over several passes. */
const READINGS_PER_PASS = 500;
/** Passes per job: each handles one change (or one page of readings without one). */
const MAX_PASSES = 50;

/** The history event types sensors add to a fault case (case-handling's timeline names them). */
export const ALARM_EVENT = 'sensorAlarm';
export const NORMAL_EVENT = 'sensorNormal';

type RuleReading = Awaited<ReturnType<typeof selectRuleReadings>>[number];

interface Pass {
  device: DeviceRow;
  type: DeviceType;
  before: WatchRow | undefined;
  readings: RuleReading[];
  change: Transition<RuleReading> | undefined;
}

function sameState(watch: WatchRow, before: WatchRow | undefined): boolean {
  const time = (value: Date | null | undefined) => (value ? new Date(value).getTime() : null);
  return (
    watch.outside === (before?.outside ?? false) &&
    time(watch.evaluatedTo) === time(before?.evaluatedTo) &&
    watch.caseReference === (before?.caseReference ?? null)
  );
}

function deviceActor(reading: RuleReading): CaseEventActor {
  return { kind: 'system', name: `Sensor ${reading.deviceName}` };
}

export function createAlarms(deps: SensorServiceDeps) {
  const { db, now } = deps;

  function facts(pass: Pass, reading: RuleReading): AlarmFacts {
    const { device, type } = pass;
    return {
      type,
      deviceId: reading.deviceId,
      deviceName: reading.deviceName,
      assetName: device.assetName,
      assetIdentifier: device.assetIdentifier,
      latitude: device.latitude,
      longitude: device.longitude,
      thresholds: reading.thresholds,
      reading: { at: new Date(reading.at), value: reading.value },
      text: alarmText(type, device.assetName, reading.thresholds, reading.value),
    };
  }

  /** The fault report an alarm files: the tenant's live felanmälan, answered from the device. */
  async function prepareFaultCase(pass: Pass, reading: RuleReading): Promise<PreparedCase> {
    const tenant = await deps.tenants.byId(pass.device.tenantId);
    const live = await deps.catalogue.liveService(tenant.id, FAULT_SERVICE);
    const alarm = facts(pass, reading);
    return deps.cases.prepareCase({
      tenant,
      serviceVersionId: live.version.id,
      answers: faultAnswers(live.version.definition as ServiceDefinition, alarm),
      applicant: { kind: 'anonymous' },
      channel: { channel: 'sensor' },
      registeredBy: { kind: 'device', id: reading.deviceId, label: reading.deviceName },
      firstEventData: { text: alarm.text, reading: readingData(alarm) },
    });
  }

  /** Applies the pass's change inside the transaction, the watch locked; the watch's new case. */
  async function applyChange(
    trx: Kysely<Database>,
    pass: Pass & { change: NonNullable<Pass['change']> },
    watch: WatchRow,
    reads: { lock: SystemCaseLock | undefined; prepared: PreparedCase | undefined },
  ) {
    const { change } = pass;
    let handled = reads.lock ? await reads.lock(trx) : undefined;
    // A case an officer has closed no longer collects alarms: the next crossing opens a new one.
    if (handled?.row.statusCategory === 'closed') handled = undefined;
    const alarm = facts(pass, change.reading);
    const data = { reading: readingData(alarm) };
    if (change.kind === 'crossed' && !handled) {
      if (!reads.prepared) throw new Error('a crossing without a prepared case');
      const created = await deps.cases.openPreparedCase(trx, reads.prepared);
      return { caseId: created.id, caseReference: created.reference };
    }
    if (handled) {
      const text =
        change.kind === 'crossed'
          ? `Gränsvärdet överskreds igen. ${alarm.text}`
          : normalText(pass.type, change.reading.value);
      await deps.caseHandling.recordEvent(trx, handled, {
        type: change.kind === 'crossed' ? ALARM_EVENT : NORMAL_EVENT,
        actor: deviceActor(change.reading),
        data: { ...data, text },
        visibility: 'internal',
      });
      return { caseId: watch.caseId, caseReference: watch.caseReference };
    }
    return { caseId: null, caseReference: null };
  }

  /** One pass: reads, then one transaction; true when it moved the watch (or lost a race). */
  async function evaluateOnce(device: DeviceRow, type: DeviceType): Promise<boolean> {
    const kind = type.rule.kind;
    const before = await selectWatch(db, device.assetId, kind);
    const rule = { assetId: device.assetId, type: device.type, name: ruleMeasurement(type).key };
    const readings = await selectRuleReadings(db, rule, before?.evaluatedTo ?? null, READINGS_PER_PASS);
    if (readings.length === 0) return false;
    const pass: Pass = {
      device,
      type,
      before,
      readings,
      change: firstTransition(type.rule, (reading) => reading.thresholds, before?.outside ?? false, readings),
    };
    const { change } = pass;
    // Reads that embedded PGlite cannot make inside the transaction (one connection), made first.
    const lock =
      change && before?.caseReference ? await deps.caseHandling.systemCase(before.caseReference) : undefined;
    const prepared = change?.kind === 'crossed' ? await prepareFaultCase(pass, change.reading) : undefined;
    const at = now();
    return db.transaction().execute(async (trx) => {
      const watch = await lockWatch(trx, { tenantId: device.tenantId, assetId: device.assetId, kind, at });
      if (!sameState(watch, before)) return true;
      if (!change) {
        const last = readings.at(-1) as RuleReading;
        await updateWatch(trx, watch, { ...watch, evaluatedTo: new Date(last.at), at });
        return readings.length === READINGS_PER_PASS;
      }
      const opened = await applyChange(trx, { ...pass, change }, watch, { lock, prepared });
      await updateWatch(trx, watch, {
        outside: change.kind === 'crossed',
        evaluatedTo: new Date(change.reading.at),
        ...opened,
        at,
      });
      return true;
    });
  }

  return {
    /** Evaluates the alarm rule of a device's asset on the readings not evaluated yet. */
    async evaluateDevice(deviceId: string): Promise<void> {
      const device = await selectDeviceById(db, deviceId);
      if (!device) return;
      const type = deviceType(device.type);
      for (let pass = 0; pass < MAX_PASSES; pass += 1) {
        if (!(await evaluateOnce(device, type))) return;
      }
      // Still more to do: the job runs again later (throwing means "retry").
      throw new Error(`the alarms of device ${deviceId} need more than ${MAX_PASSES} passes`);
    },
  };
}
