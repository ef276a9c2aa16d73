import type { Activity } from 'botbuilder';

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
  for (const entity of (activity.entities ?? []) as MentionEntity[]) {
    if (entity.type !== 'mention' || !botId || entity.mentioned?.id !== botId) continue;
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
