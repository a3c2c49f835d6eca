/**
 * The learned combination of the similarity features (issue #13): a weighted mean of features that
 * are each in [0, 1], so the score is in [0, 1] too. The weights are non-negative and few (one per
 * feature); `train.ts` fits them on SweFAQ's dev split and writes `weights.ts`.
 */
import { FEATURE_NAMES, type FeatureName } from './features.ts';
import { TRAINED_WEIGHTS } from './weights.ts';

export type Weights = Record<FeatureName, number>;

export const weights: Weights = TRAINED_WEIGHTS;

/** Σ wᵢ·fᵢ / Σ wᵢ over the features of one document. */
export function combinedScore(row: number[], of: Weights = weights): number {
  let sum = 0;
  let total = 0;
  FEATURE_NAMES.forEach((name, index) => {
    const weight = Math.max(0, of[name]);
    sum += weight * (row[index] ?? 0);
    total += weight;
  });
  return total > 0 ? Math.min(1, Math.max(0, sum / total)) : 0;
}
