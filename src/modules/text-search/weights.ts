/** Written by `train.ts` from swefaq_dev.jsonl; do not edit by hand. */
export const TRAINED_WEIGHTS = {
  char3: 2.669,
  char4: 0,
  char5: 8.852,
  words: 0,
  coverage: 3.53,
  leadCoverage: 0,
  bm25: 0,
  leadChars: 0.986,
  yesNo: 1.143,
  timeOrAmount: 0.52,
  answerType: 2.817,
};
