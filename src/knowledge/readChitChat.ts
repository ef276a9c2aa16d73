import { join } from 'node:path';
import type { ChitChatContent } from '../search/chitChat';
import { fields, kebabId, listOf, text, textList } from './contentFields';
import { ContentFile } from './contentFile';
import type { FileProblem } from './problems';
import { checkWith } from './schemaCheck';

const FIX = 'see the comment at the top of the file';

const chitChatSchema = fields({
  filler: textList(FIX),
  kinds: listOf(
    fields({
      id: kebabId(FIX),
      words: textList(FIX, { required: false }),
      alongside: textList(FIX, { required: false }),
      phrases: textList(FIX, { required: false }),
      reply: text(FIX),
    }),
    'list the kinds under "kinds:", each with an id, words or phrases, and a reply',
  ),
});

/** Reads knowledge/chitchat.yaml: greetings, thanks and the like, answered without a search. */
export function readChitChat(
  dir: string,
  display: (path: string) => string,
  problems: FileProblem[],
): ChitChatContent {
  const path = join(dir, 'chitchat.yaml');
  const file = ContentFile.read(path, display(path), problems);
  return (file && checkWith(file, chitChatSchema)) ?? { filler: [], kinds: [] };
}
