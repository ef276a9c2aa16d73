import * as AC from 'adaptivecards';

/** Parses a card with the official renderer's parser; every parse and validation message it gives. */
export function cardProblems(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const messages: string[] = [];
  for (let i = 0; i < context.eventCount; i++) messages.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) messages.push(e.message);
  return messages;
}
