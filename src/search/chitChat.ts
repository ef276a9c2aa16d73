/**
 * Messages that are social rather than questions ("cheers, that's helpful", "morning!", "bye for
 * now"): searching them finds an entry that happens to share a word. The content is
 * knowledge/chitchat.yaml; a message is one kind's when it is one of the kind's phrases word for
 * word, or has one of its words and nothing but its words, its alongside words and filler. A
 * message that mixes kinds ("ok thank you for help, have nice day", "hi, thanks!") is social too
 * when every word is some kind's word, alongside word or filler: it is the first kind whose own
 * word it has.
 */
export interface ChitChatKind {
  id: string;
  /** At least one of these makes a message this kind's (with alongside and filler words only). */
  words: readonly string[];
  /** Allowed with the kind's words, not enough alone. */
  alongside: readonly string[];
  phrases: readonly string[];
  reply: string;
}

export interface ChitChatContent {
  filler: readonly string[];
  kinds: readonly ChitChatKind[];
}

export interface ChitChat {
  /** The kind a message is, or undefined for anything that may be a question. */
  kindOf(text: string): ChitChatKind | undefined;
}

/** Past this many words a message says more than a greeting or thanks. */
const MAX_WORDS = 12;

/** Lower case, apostrophes dropped ("that's" is "thats"), anything but letters and digits a space. */
export function chitChatWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
}

export function buildChitChat(content: ChitChatContent): ChitChat {
  const filler = new Set(content.filler.flatMap(chitChatWords));
  const kinds = content.kinds.map((kind) => ({
    kind,
    words: new Set(kind.words.flatMap(chitChatWords)),
    alongside: new Set(kind.alongside.flatMap(chitChatWords)),
    phrases: new Set(kind.phrases.map((p) => chitChatWords(p).join(' '))),
  }));
  const social = new Set([...filler, ...kinds.flatMap((k) => [...k.words, ...k.alongside])]);
  return {
    kindOf(text) {
      if (text.length > 200) return undefined;
      const said = chitChatWords(text);
      if (said.length === 0 || said.length > MAX_WORDS) return undefined;
      const joined = said.join(' ');
      for (const k of kinds) {
        if (k.phrases.has(joined)) return k.kind;
        if (!said.some((w) => k.words.has(w))) continue;
        if (said.every((w) => k.words.has(w) || k.alongside.has(w) || filler.has(w))) return k.kind;
      }
      if (!said.every((w) => social.has(w))) return undefined;
      return kinds.find((k) => said.some((w) => k.words.has(w)))?.kind;
    },
  };
}
