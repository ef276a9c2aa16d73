import type {
  Attachment,
  MessagingExtensionAction,
  MessagingExtensionActionResponse,
  MessagingExtensionAttachment,
  MessagingExtensionQuery,
  MessagingExtensionResponse,
  TurnContext,
} from 'botbuilder';
import type { ComposeResult, TitledCard } from '../routing/compose';
import { plainDraft } from '../routing/plainText';
import type { Router } from '../routing/router';
import type { ActionData } from '../routing/turn';
import { ADAPTIVE_CARD_CONTENT_TYPE, type TurnPortDeps, turnPortOf } from './turnPort';

const THUMBNAIL_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.thumbnail';

/** What Teams asks for when its query says no page size. */
export const DEFAULT_PAGE_SIZE = 25;

/** The parameter Teams adds to the first query of a command with initialRun, before anything is typed. */
const INITIAL_RUN = 'initialRun';

export const ACTION_UNAVAILABLE = 'This action is not available any more. Try it again in a moment.';

/**
 * The message extension's invokes, from Teams' shapes to the router's plain ones and back: a
 * compose-box query becomes a list of previews, a picked one its card, a message action a dialog.
 * Everything answers in the invoke response: the conversation may not have the bot, and nothing is
 * ever posted to it.
 */
export class ComposeInvokes {
  constructor(
    private readonly router: Pick<Router, 'composeSearch' | 'composePick' | 'messageAction'>,
    private readonly deps: TurnPortDeps,
  ) {}

  /** composeExtension/query: typing in the compose box, or opening the command (initial run). */
  async query(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    const turn = turnPortOf(context, this.deps);
    const results = await this.router.composeSearch(turn, query.commandId ?? '', queryText(query));
    if (!results)
      turn.log.warn({ event: 'compose-unknown-command', invoke: 'query' }, 'unknown compose command');
    // The list fits one page; a later page (Teams asks when scrolled to the end) is empty.
    const skip = query.queryOptions?.skip ?? 0;
    const count = query.queryOptions?.count ?? DEFAULT_PAGE_SIZE;
    const page = (results ?? []).slice(skip, skip + count);
    return { composeExtension: resultList(page.map((r) => this.attachment(r))) };
  }

  /** composeExtension/selectItem: a result was picked; its `pick` data comes back as the value. */
  async selectItem(context: TurnContext, value: unknown): Promise<MessagingExtensionResponse> {
    const turn = turnPortOf(context, this.deps);
    const data: ActionData =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ActionData) : {};
    const answer = await this.router.composePick(turn, data);
    if (answer.kind === 'message') return { composeExtension: { type: 'message', text: answer.text } };
    return { composeExtension: resultList([this.attachment(answer)]) };
  }

  /** composeExtension/fetchTask: a message action chosen on a message; its answer opens as a dialog. */
  async fetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const turn = turnPortOf(context, this.deps);
    const answer = await this.router.messageAction(turn, action.commandId ?? '', messageText(action));
    if (!answer) {
      turn.log.warn({ event: 'compose-unknown-command', invoke: 'fetchTask' }, 'unknown compose command');
      return { task: { type: 'message', value: ACTION_UNAVAILABLE } };
    }
    if (answer.kind === 'message') return { task: { type: 'message', value: answer.text } };
    return {
      task: {
        type: 'continue',
        value: { title: answer.title, width: 'medium', height: 'large', card: this.cardAttachment(answer) },
      },
    };
  }

  /**
   * composeExtension/submitAction: a button pressed in a dialog. Ours have none, so this is an old
   * or forged card: the empty answer closes the dialog and nothing is posted.
   */
  async submitAction(): Promise<MessagingExtensionActionResponse> {
    return {};
  }

  private cardAttachment(item: TitledCard): Attachment {
    return {
      contentType: ADAPTIVE_CARD_CONTENT_TYPE,
      content: this.deps.cards.render(item.card.name, item.card.data),
    };
  }

  /**
   * The card, with the preview the list shows. Tapping the preview sends its `pick` data back
   * (selectItem) so the card inserted is built afresh; a client that does not send it inserts the
   * card given here, which is the same.
   */
  private attachment(item: TitledCard & Pick<ComposeResult, 'pick'>): MessagingExtensionAttachment {
    const preview: Record<string, unknown> = { title: item.title, text: item.text };
    if (item.pick) preview.tap = { type: 'invoke', value: item.pick };
    return {
      ...this.cardAttachment(item),
      preview: { contentType: THUMBNAIL_CARD_CONTENT_TYPE, content: preview },
    };
  }
}

const resultList = (attachments: MessagingExtensionAttachment[]) =>
  ({ type: 'result', attachmentLayout: 'list', attachments }) as const;

/** What was typed: the first parameter other than initialRun; '' on the initial run. */
export function queryText(query: MessagingExtensionQuery): string {
  const typed = (query.parameters ?? []).find((p) => p.name !== INITIAL_RUN && typeof p.value === 'string');
  return typeof typed?.value === 'string' ? typed.value : '';
}

/** The chosen message's text: Teams sends it as HTML from the rich compose box, else as plain text. */
export function messageText(action: MessagingExtensionAction): string {
  const body = action.messagePayload?.body;
  const content = typeof body?.content === 'string' ? body.content : '';
  return body?.contentType === 'html' ? plainDraft(content) : content;
}

/**
 * The body of a refusal (the rate limit's) in the shape each message extension invoke expects, so
 * Teams shows the text rather than an error; undefined for any other invoke.
 */
export function composeRefusal(invokeName: string | undefined, text: string): unknown {
  switch (invokeName) {
    case 'composeExtension/query':
    case 'composeExtension/selectItem':
      return { composeExtension: { type: 'message', text } };
    case 'composeExtension/fetchTask':
    case 'composeExtension/submitAction':
      return { task: { type: 'message', value: text } };
    default:
      return undefined;
  }
}
