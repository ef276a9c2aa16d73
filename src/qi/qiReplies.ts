import type { AskChoice } from '../cards/cardTypes';
import { pick, textOf } from '../routing/pick';
import { cardReply, type Reply } from '../routing/reply';
import type { CommandHandler, VerbHandler } from '../routing/turn';
import { ALL_TOPICS, type QiPrompt, type QiPrompts } from './prompts';

/**
 * The `qi` command and the buttons of its card. Every button carries the current prompt's id and
 * the scope, so a card keeps working after a restart or on another instance.
 */
export class QiReplies {
  constructor(
    private readonly prompts: QiPrompts,
    /** The "Learn more" button for a knowledge entry id (the loader checked every id exists). */
    private readonly learnMore: (entryId: string) => AskChoice,
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether the words after `qi` name a topic ("study", "fishbone", "5 whys"). */
  isTopic(words: string): boolean {
    return this.prompts.topicFor(words) !== undefined;
  }

  readonly command: CommandHandler = (turn, args) => turn.reply(this.forCommand(args));

  readonly another: VerbHandler = async (_turn, data) => {
    const scope = this.prompts.topic(textOf(data.scope)) ? textOf(data.scope) : ALL_TOPICS;
    return this.card(this.promptReply(this.prompts.after(scope, textOf(data.current)), scope));
  };

  readonly next: VerbHandler = async (_turn, data) => {
    const topic = this.prompts.topic(textOf(data.topic)) ?? this.prompts.topics[0];
    return this.card(this.promptReply(topic.prompts[0], topic.id));
  };

  /** `qi` alone: a prompt from any topic; `qi <topic>`: the topic's first prompt. */
  forCommand(args: string): Reply {
    const topic = args === '' ? undefined : this.prompts.topicFor(args);
    // A topic starts with its first prompt, which content owners put first on purpose.
    if (topic) return this.promptReply(topic.prompts[0], topic.id);
    return this.promptReply(pick(this.prompts.all, this.random), ALL_TOPICS);
  }

  promptReply(prompt: QiPrompt, scope: string): Reply {
    const topic = this.prompts.topic(prompt.topic)!;
    return cardReply(
      'qi-prompt',
      {
        id: prompt.id,
        scope,
        topicTitle: topic.title,
        question: prompt.question,
        why: prompt.why,
        example: prompt.example,
        sourceTitle: prompt.source.title,
        sourceUrl: prompt.source.url,
        learnMore: this.learnMore(prompt.ask),
        hasNext: topic.next !== undefined,
        next: topic.next ?? '',
      },
      `QI prompt: ${prompt.question}`,
    );
  }

  private card(reply: Reply) {
    return { kind: 'card', reply, scope: 'presser' } as const;
  }
}
