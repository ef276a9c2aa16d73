import type { TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { loggedError } from '../loggedError';
import { CORRELATION_ID_KEY } from '../server/messagesRoute';
import { submitted } from './cardInvoke';
import { loggedActivityType } from './logValues';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * The card a person gets when a button they pressed failed on our side: short, with the reference
 * that finds the log lines. Built here rather than from a template so the error path depends on
 * nothing that could itself have failed (the card renderer, the content).
 */
export function actionFailedCard(correlationId: string): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'TextBlock',
        text: "Sorry, that button didn't work",
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: 'Something went wrong on my side. Please try again in a moment, or type **help**.',
        wrap: true,
      },
      { type: 'TextBlock', text: `Reference: ${correlationId}`, isSubtle: true, size: 'Small', wrap: true },
    ],
  };
}

/**
 * The one boundary for errors inside a turn: log where it failed (never the error's message, which
 * can hold what people wrote), tell the person briefly.
 */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const correlationId = String(context.turnState.get(CORRELATION_ID_KEY) ?? 'none');
    const { activity } = context;
    logger.error(
      {
        correlationId,
        err: loggedError(error),
        activityType: loggedActivityType(activity.type),
      },
      'turn error',
    );
    try {
      if (activity.type === 'invoke') {
        // An Action.Execute answers the person who pressed with a card; other invokes get a 500.
        const body =
          activity.name === 'adaptiveCard/action'
            ? { statusCode: 200, type: CARD_TYPE, value: actionFailedCard(correlationId) }
            : { error: 'internal error', correlationId };
        const status = activity.name === 'adaptiveCard/action' ? 200 : 500;
        await context.sendActivity({ type: 'invokeResponse', value: { status, body } });
        return;
      }
      if (error.name === 'AbortError' && activity.deliveryMode !== 'expectReplies') {
        // A connector call timed out: the apology would go the same way and hold the turn as long.
        logger.warn(
          { correlationId, event: 'connector-timeout' },
          'no apology sent: the Bot Connector did not answer',
        );
        return;
      }
      if (submitted(activity.value)) {
        await context.sendActivity({
          summary: "Sorry, that button didn't work",
          attachments: [{ contentType: CARD_TYPE, content: actionFailedCard(correlationId) }],
        });
        return;
      }
      await context.sendActivity(
        `Sorry, something went wrong on my side. Please try again in a moment. (Reference: ${correlationId})`,
      );
    } catch (sendError) {
      logger.error(
        { correlationId, err: loggedError(sendError) },
        'could not tell the person about the error',
      );
    }
  };
}
