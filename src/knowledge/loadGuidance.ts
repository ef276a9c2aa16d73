import type { Coach } from '../coach/coach';
import { COACH_FILE, readCoachRules } from '../coach/readCoachRules';
import { readTips, TIPS_FILE } from '../framing/readTips';
import { buildTips, type FramingTips } from '../framing/tips';
import { buildQiPrompts, type QiPrompts } from '../qi/prompts';
import { PROMPTS_DIR, readPromptTopics } from '../qi/readPrompts';
import type { EntryIds } from './contentRefs';
import type { FileProblem } from './problems';

/** QI prompts, framing tips and the framing coach: content beside the entries. */
export interface Guidance {
  prompts: QiPrompts;
  tips: FramingTips;
  coach: Coach;
  /** Entry id behind the coach card's "Learn more" button. */
  coachLearnMore: string;
}

/** Where each piece lives under knowledge/. */
export const GUIDANCE_FILES = {
  promptsDir: PROMPTS_DIR,
  tips: TIPS_FILE,
  coach: COACH_FILE,
} as const;

/**
 * Reads knowledge/prompts/, tips.yaml and coach-rules.yaml, each by its own feature (qi/,
 * framing/, coach/). Problems go into `problems`; the result is undefined when any file had an error.
 */
export function readGuidance(
  dir: string,
  display: (file: string) => string,
  byId: EntryIds,
  problems: FileProblem[],
): Guidance | undefined {
  const before = problems.length;
  const topics = readPromptTopics(dir, display, byId, problems);
  const tips = readTips(dir, display, byId, problems);
  const coach = readCoachRules(dir, display, byId, problems);
  if (problems.length > before || !coach) return undefined;
  return {
    prompts: buildQiPrompts(topics),
    tips: buildTips(tips),
    coach: coach.coach,
    coachLearnMore: coach.learnMore,
  };
}
