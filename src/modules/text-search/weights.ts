/** Written by `train.ts` from swefaq_dev.jsonl; do not edit by hand. */
export const TRAINED_WEIGHTS = {
  char3: 2.249,
  char4: 0,
  char5: 9.953,
  words: 0,
  coverage: 3.095,
  leadCoverage: 0.14,
  bm25: 0,
  leadChars: 0.034,
  yesNo: 1.21,
  timeOrAmount: 0.499,
};
