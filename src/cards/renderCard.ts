import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { ContentError } from '../errors';
import { CARD_NAMES, type CardDataMap, type CardName } from './cardTypes';
import { type CompiledTemplate, compileTemplate, NotCompiled } from './compiledTemplate';
import { deepFreeze } from './deepFreeze';

/** Teams renders up to 1.5; a template asking for more is refused at load. */
export const MAX_CARD_VERSION = 1.5;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  [key: string]: unknown;
}

export interface CardRenderer {
  render<K extends CardName>(name: K, data: CardDataMap[K]): AdaptiveCard;
}

/**
 * Loads every template in cards/ once at start-up (parse errors stop the service with the file
 * named) and expands them per message: compiled (compiledTemplate.ts) where the template and the
 * data allow, with adaptivecards-templating otherwise.
 */
export function loadCardRenderer(cardsDir: string): CardRenderer {
  watchUnboundFields();
  const templates = new Map<CardName, ACData.Template>();
  const compiled = new Map<CardName, CompiledTemplate>();
  for (const name of CARD_NAMES) {
    const file = join(cardsDir, `${name}.json`);
    let payload: unknown;
    try {
      payload = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ContentError(file, 1, `card template could not be read as JSON`, { cause: err });
    }
    const card = payload as Partial<AdaptiveCard>;
    if (card.type !== 'AdaptiveCard' || Number(card.version) > MAX_CARD_VERSION)
      throw new ContentError(file, 1, `must be an AdaptiveCard of version ${MAX_CARD_VERSION} or lower`);
    templates.set(name, new ACData.Template(payload));
    const fast = compileTemplate(payload);
    if (fast) compiled.set(name, fast);
  }

  // Cards of frozen data (constantCardReply) are expanded once: their data cannot change, and the
  // card handed out is frozen too, so no reply can alter another's.
  const constant = new WeakMap<object, Map<CardName, AdaptiveCard>>();
  const render = <K extends CardName>(name: K, data: CardDataMap[K]): AdaptiveCard => {
    if (!Object.isFrozen(data)) return expand(name, data);
    let byName = constant.get(data);
    if (!byName) {
      byName = new Map<CardName, AdaptiveCard>();
      constant.set(data, byName);
    }
    const cached = byName.get(name);
    if (cached) return cached;
    const card = deepFreeze(expand(name, data));
    byName.set(name, card);
    return card;
  };

  const expand = <K extends CardName>(name: K, data: CardDataMap[K]): AdaptiveCard => {
    const template = templates.get(name);
    if (!template) throw new Error(`no card template named ${name}`);
    unboundFields.length = 0;
    // The compiled form never leaves a field unbound: data missing a field goes to the library.
    const expanded = (compiledExpand(compiled.get(name), data) ??
      template.expand({ $root: data })) as AdaptiveCard;
    // A field the data lacks means the data and the template disagree. Asked of the library, not
    // looked for in the card: a person's own text with "${...}" in it is not a missing field.
    if (unboundFields.length > 0) throw new Error(`card ${name} left \${${unboundFields[0]}} unbound`);
    return expanded;
  };

  return { render };
}

/** The card from the compiled template, or undefined when there is none or the data needs the library. */
function compiledExpand(template: CompiledTemplate | undefined, data: unknown): unknown {
  if (!template) return undefined;
  try {
    return template.expand(data);
  } catch (err) {
    if (err instanceof NotCompiled) return undefined;
    throw err;
  }
}

/** The fields adaptivecards-templating found missing during the current (synchronous) expansion. */
const unboundFields: string[] = [];

/**
 * adaptivecards-templating asks this hook what to put for a field the data lacks; it is told
 * nothing (so it writes `${field}` as before), and the field is noted. The hook is the library's
 * one global setting, and only this renderer uses the library.
 */
function watchUnboundFields(): void {
  ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString = (path: string) => {
    unboundFields.push(path);
    return '';
  };
}
