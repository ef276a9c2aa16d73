/** Data each card template in cards/ is bound to. Adding a template means adding its entry here. */

export interface AskChoice {
  /** Knowledge entry id sent back with the ask verb. */
  id: string;
  /** The question as shown on the button and echoed into the chat. */
  question: string;
}

export interface HelpCardData {
  examples: AskChoice[];
}

export interface WelcomeCardData {
  examples: AskChoice[];
}

export interface AnswerCardData {
  id: string;
  title: string;
  summary: string;
  body: string;
  reviewed: string;
  owner: string;
  sourceTitle: string;
  sourceUrl: string;
  related: AskChoice[];
  hasRelated: boolean;
}

export interface SuggestCardData {
  choices: AskChoice[];
}

export interface NoAnswerCardData {
  /** Always empty for now: kept so the template can grow an "ask the experts" button. */
  canAskExperts: boolean;
}

export interface SignpostContact {
  label: string;
  text: string;
  url?: string;
}

export interface SignpostCardData {
  title: string;
  intro: string;
  contacts: SignpostContact[];
  links: { title: string; url: string }[];
  footer: string;
}

export interface CardDataMap {
  help: HelpCardData;
  welcome: WelcomeCardData;
  answer: AnswerCardData;
  suggest: SuggestCardData;
  'no-answer': NoAnswerCardData;
  signpost: SignpostCardData;
}

export type CardName = keyof CardDataMap;
export const CARD_NAMES: readonly CardName[] = [
  'help',
  'welcome',
  'answer',
  'suggest',
  'no-answer',
  'signpost',
];
