/**
 * What the confidence models read. Two logistic models fitted on training questions, rather than a
 * "none of them" option in the ranking softmax, keep the evaluation set out of the fitting; one
 * model for both thresholds did worse at the shortlist.
 */
export const CONFIDENCE_FEATURES = [
  'bias',
  'topShare',
  'lead',
  'topScore',
  'unknownShare',
  'length',
  // The off-topic odds (topicOdds.ts): without them, off-topic questions that share one content word
  // ("report a pothole", "teams not working??") score like vague on-topic ones. Word odds cannot
  // tell an off-topic question about the content's own subjects (figures it does not hold).
  'offTopic',
  // The first three candidates' shares together: what "Did you mean" offers.
  'threeShare',
] as const;

export type ConfidenceFeature = (typeof CONFIDENCE_FEATURES)[number];
