import type { Activity } from 'botbuilder';

const MAX_BOT_MENTIONS = 8;

interface MentionEntity {
  type: string;
  mentioned?: { id?: string; name?: string };
  text?: string;
}

/**
 * The message text with the bot's own @mention removed, whitespace collapsed (line breaks too,
 * unless `keepLines`). Teams puts the mention in the text as `<at>Name</at>`; other people's
 * mentions are left alone.
 */
export function textWithoutBotMention(
  activity: Pick<Activity, 'text' | 'entities' | 'recipient'>,
  options: { keepLines?: boolean } = {},
): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  // A message mentions the bot once or twice; a forged one with thousands of bot mentions would
  // make each removal pass over the whole text, so only the first few are removed.
  let removed = 0;
  for (const entity of (activity.entities ?? []) as MentionEntity[]) {
    if (entity.type !== 'mention' || !botId || entity.mentioned?.id !== botId) continue;
    if (++removed > MAX_BOT_MENTIONS) break;
    if (entity.text) text = text.split(entity.text).join(' ');
    else if (entity.mentioned.name) text = text.split(`<at>${entity.mentioned.name}</at>`).join(' ');
  }
  text = text.replace(/&nbsp;/g, ' ');
  if (!options.keepLines) return text.replace(/\s+/g, ' ').trim();
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}
