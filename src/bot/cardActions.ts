import type { Attachment, TurnContext } from 'botbuilder';

/** What a verb's handler did: replied itself, or produced a card to replace the one pressed. */
export type ActionOutcome =
  | { kind: 'replied' }
  | { kind: 'card'; card: Attachment; scope: 'presser' | 'everyone' };

export type ActionData = Readonly<Record<string, unknown>>;
export type ActionHandler = (context: TurnContext, data: ActionData) => Promise<ActionOutcome>;

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The body of an adaptiveCard/action invoke response, as Teams reads it. */
export interface CardInvokeResponse {
  statusCode: number;
  type: string;
  value: unknown;
}

/**
 * One dispatcher for Action.Execute (an adaptiveCard/action invoke) and its Action.Submit fallback
 * (a message whose value carries `verb`). Handlers get only the data on the card, so a card works
 * after a restart and on another instance. docs/card-actions.md lists the verbs.
 */
export class CardActionDispatcher {
  private readonly handlers: Map<string, ActionHandler>;

  constructor(handlers: Readonly<Record<string, ActionHandler>>) {
    this.handlers = new Map(Object.entries(handlers));
  }

  /** Adds a verb; a feature registers its verbs when it is wired in. */
  register(verb: string, handler: ActionHandler): void {
    if (this.handlers.has(verb)) throw new Error(`card action verb "${verb}" is registered twice`);
    this.handlers.set(verb, handler);
  }

  get verbs(): string[] {
    return [...this.handlers.keys()];
  }

  /** Whether a handler is registered for the verb (logs name only known verbs). */
  has(verb: string): boolean {
    return this.handlers.has(verb);
  }

  /** The verb and data of a submitted card, or null when the message is not a card action. */
  static submitted(value: unknown): { verb: string; data: ActionData } | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const { verb, msteams: _msteams, ...data } = value as Record<string, unknown>;
    return typeof verb === 'string' && verb !== '' ? { verb, data } : null;
  }

  async execute(context: TurnContext, verb: string, data: ActionData): Promise<CardInvokeResponse> {
    const handler = this.handlers.get(verb);
    if (!handler)
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        // The verb is not echoed: it is whatever the caller sent, at any length.
        value: { code: 'BadRequest', message: 'unknown action' },
      };
    const outcome = await handler(context, data);
    if (outcome.kind === 'replied')
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done' };
    if (outcome.scope === 'everyone') await this.replaceCard(context, outcome.card);
    return { statusCode: 200, type: CARD_TYPE, value: outcome.card.content };
  }

  /** Returns false for an unknown verb so the caller can tell the user the button is out of date. */
  async submit(context: TurnContext, verb: string, data: ActionData): Promise<boolean> {
    const handler = this.handlers.get(verb);
    if (!handler) return false;
    const outcome = await handler(context, data);
    // A Submit cannot answer one person privately, so a changed card is changed for everyone.
    if (outcome.kind === 'card') await this.replaceCard(context, outcome.card);
    return true;
  }

  private async replaceCard(context: TurnContext, card: Attachment): Promise<void> {
    const replyToId = context.activity.replyToId;
    if (replyToId) await context.updateActivity({ id: replyToId, type: 'message', attachments: [card] });
    else await context.sendActivity({ attachments: [card] });
  }
}
