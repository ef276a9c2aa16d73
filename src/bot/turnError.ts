import type { TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { CORRELATION_ID_KEY } from '../server/messagesRoute';

/** The one boundary for errors inside a turn: log fully (no message text), apologise briefly. */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const correlationId = context.turnState.get(CORRELATION_ID_KEY);
    logger.error(
      {
        correlationId,
        err: { name: error.name, message: error.message, stack: error.stack },
        activityType: context.activity.type,
      },
      'turn error',
    );
    if (context.activity.type === 'invoke') return;
    try {
      await context.sendActivity(
        `Sorry, something went wrong on my side. Please try again in a moment. (Reference: ${correlationId ?? 'none'})`,
      );
    } catch (sendError) {
      logger.error({ correlationId, err: sendError }, 'could not send the apology');
    }
  };
}
