import type { Flow } from './flows';

/** A flow in progress in one conversation: everyone's card shows this step. */
export interface HuddleState {
  flowId: string;
  /** Index of the current step. */
  step: number;
  /** Goes up by one with every change; a card carries the version it shows, so a stale press is seen. */
  version: number;
  /** What the meeting typed at each step, by step id (no names). */
  answers: Record<string, string>;
  /** ISO time after which the huddle is over and its answers forgotten. */
  expiresAt: string;
}

export type Move = 'next' | 'back' | 'finish';

export interface Press {
  move: Move;
  /** The version on the card that was pressed. */
  version: number;
  /** The text box's value, when the step has one. */
  answer?: string;
}

export type PressResult =
  /** The press moved the huddle: this is the new state. */
  | { kind: 'moved'; state: HuddleState }
  | { kind: 'finished'; state: HuddleState }
  /** The card was out of date (someone else moved first): the current state, unchanged. */
  | { kind: 'stale'; state: HuddleState };

/** How long a huddle's answers are kept after its last change. */
export const HUDDLE_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Longest answer kept per step: a meeting's note, not a document. */
export const MAX_ANSWER_CHARS = 1000;

const expiry = (now: Date): string => new Date(now.getTime() + HUDDLE_LIFETIME_MS).toISOString();

/** Pure: a new huddle at the flow's first step. `after` keeps versions rising across huddles. */
export function startHuddle(flow: Flow, now: Date, after?: HuddleState): HuddleState {
  return {
    flowId: flow.id,
    step: 0,
    version: (after?.version ?? 0) + 1,
    answers: {},
    expiresAt: expiry(now),
  };
}

export const isExpired = (state: HuddleState, now: Date): boolean => new Date(state.expiresAt) <= now;

/**
 * Pure: what a press does. Only a press on the current version moves the huddle, so two people
 * pressing Next on the same card move it one step, and a press on an old card shows the current
 * step instead of moving from an old one.
 */
export function pressHuddle(state: HuddleState, flow: Flow, press: Press, now: Date): PressResult {
  if (press.version !== state.version) return { kind: 'stale', state };
  const current = flow.steps[Math.min(state.step, flow.steps.length - 1)];
  const answers = { ...state.answers };
  const answer = press.answer?.trim().slice(0, MAX_ANSWER_CHARS);
  if (current.input && answer !== undefined) {
    if (answer === '') delete answers[current.id];
    else answers[current.id] = answer;
  }
  const last = flow.steps.length - 1;
  const step =
    press.move === 'next'
      ? Math.min(state.step + 1, last)
      : press.move === 'back'
        ? Math.max(state.step - 1, 0)
        : state.step;
  const next: HuddleState = { ...state, step, answers, version: state.version + 1, expiresAt: expiry(now) };
  return { kind: press.move === 'finish' ? 'finished' : 'moved', state: next };
}
