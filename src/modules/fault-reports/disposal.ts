/**
 * The fault reports' part of retention and disposal (issue #14, decision 0031). A disposed report
 * keeps what the fault-report dataset publishes — category, status category, dates — and its place
 * only as coarse as open data publishes it (about 1 km), since an exact place can be someone's
 * home; the follow-up token that let the anonymous reporter in goes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { reduceReport, selectReportPlace } from './disposal-store.ts';

/** Makes a place coarse (open data's grid, given by the composition root). */
export type CoarsenPlace = (latitude: number, longitude: number) => { latitude: number; longitude: number };

/** The part for the disposal service (ports.ts `CaseDisposalPart`). */
export function createFaultReportDisposal(coarsen: CoarsenPlace) {
  return {
    async dispose(trx: Kysely<Database>, target: { caseId: string }) {
      const place = await selectReportPlace(trx, target.caseId);
      if (!place) return {};
      const coarse =
        place.latitude === null || place.longitude === null
          ? { latitude: null, longitude: null }
          : coarsen(place.latitude, place.longitude);
      await reduceReport(trx, target.caseId, coarse);
      return { counts: { faultReports: 1 } };
    },
  };
}
