import type { AskChoice } from '../cards/cardTypes';
import { pick, textOf } from '../routing/pick';
import { cardReply, type Reply } from '../routing/reply';
import type { CommandHandler, VerbHandler } from '../routing/turn';
import type { FramingTip, FramingTips } from './tips';

/** The `tip` command and its card's "Another one" (which carries the current tip's id). */
export class TipReplies {
  constructor(
    private readonly tips: FramingTips,
    private readonly learnMore: (entryId: string) => AskChoice,
    private readonly random: () => number = Math.random,
  ) {}

  readonly command: CommandHandler = (turn) => turn.reply(this.tipReply(pick(this.tips.all, this.random)));

  readonly another: VerbHandler = async (_turn, data) => ({
    kind: 'card',
    reply: this.tipReply(this.tips.after(textOf(data.current))),
    scope: 'presser',
  });

  tipReply(tip: FramingTip): Reply {
    return cardReply(
      'tip',
      {
        id: tip.id,
        title: tip.title,
        do: tip.do,
        instead: tip.instead,
        why: tip.why,
        sourceTitle: tip.source.title,
        sourceUrl: tip.source.url,
        hasLearnMore: tip.ask !== undefined,
        learnMore: tip.ask ? this.learnMore(tip.ask) : { id: '', question: '' },
      },
      `Framing tip: ${tip.title}`,
    );
  }
}
