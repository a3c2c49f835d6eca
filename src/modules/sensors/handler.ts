/**
 * The alarm job handler (issue #11): each `sensor.reading` event (written in the ingest's
 * transaction) has the device's asset evaluated. The evaluation keeps its own progress per asset
 * and kind (alarms.ts), so a job that runs twice, late or beside another changes nothing twice.
 */
import { defineHandler, type JobHandler } from '../../platform/jobs/job-worker.ts';
import type { SensorService } from './service.ts';

/** The handler's stable name (stored in job rows). */
export const SENSOR_ALARM_HANDLER = 'sensor-alarm';

export function createSensorAlarmHandler(sensors: Pick<SensorService, 'evaluateDevice'>): JobHandler {
  return defineHandler({
    name: SENSOR_ALARM_HANDLER,
    topics: ['sensor.reading'],
    async run(job) {
      await sensors.evaluateDevice(job.payload.deviceId);
    },
  });
}
