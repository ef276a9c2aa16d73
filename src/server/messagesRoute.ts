import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { Logger } from '../log';
import { loggedError } from '../loggedError';
import { loggedActivityType, loggedConversationType } from '../teams/logValues';
import { validateActivity } from './activityValidation';
import type { ActivityProcessor } from './adapter';
import type { Lifecycle } from './lifecycle';
import { readJsonBody } from './readJsonBody';
import { checkTenant, type TenantPolicy } from './tenantPolicy';
import { isRejectionReason } from './tokenValidation';

/** Where the route keeps the turn's correlation id, so the bot and onTurnError log the same one. */
export const CORRELATION_ID_KEY = Symbol('correlationId');

export interface MessagesRouteDeps {
  adapter: ActivityProcessor;
  logic: (context: TurnContext) => Promise<void>;
  lifecycle: Lifecycle;
  logger: Logger;
  maxBodyBytes: number;
  tenants: TenantPolicy;
}

export function messagesRoute(deps: MessagesRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const correlationId = randomUUID();
    const log = deps.logger.child({ correlationId });
    // The body is read before the turn counts as in flight: a slow upload must not hold up shutdown.
    const parsed = await readJsonBody(req, deps.maxBodyBytes);
    if (!parsed.ok) {
      log.info({ status: parsed.status, reason: parsed.error }, 'request refused');
      if (parsed.unread) {
        res.header('Connection', 'close');
        res.once('finish', () => req.socket.destroy());
      }
      res.send(parsed.status, { error: parsed.error });
      return;
    }
    if (!deps.lifecycle.tryBegin()) {
      res.header('Retry-After', '5');
      res.send(503, { error: 'the service is shutting down; retry on another instance' });
      return;
    }
    try {
      const check = validateActivity(parsed.body);
      if (!check.ok) {
        log.info({ status: 400, reason: check.error }, 'request refused');
        res.send(400, { error: check.error });
        return;
      }
      const activity = parsed.body as Activity;
      const auth = String(req.headers.authorization ?? '');
      const started = Date.now();
      let refusedTenant: string | undefined;
      const result = await deps.adapter.handleActivity(auth, activity, async (context) => {
        // Checked once the sender is authenticated: refused tenants get nothing, not even an error.
        const tenant = checkTenant(context.activity, deps.tenants);
        if (!tenant.ok) {
          refusedTenant = tenant.tenantId;
          return;
        }
        context.turnState.set(CORRELATION_ID_KEY, correlationId);
        await deps.logic(context);
      });
      if (refusedTenant !== undefined) {
        log.warn({ event: 'tenant-refused', tenantId: refusedTenant }, 'activity from a tenant not allowed');
        res.send(200);
        return;
      }
      const logged = {
        activityType: loggedActivityType(activity.type),
        conversationType: loggedConversationType(activity.conversation.conversationType),
        ms: Date.now() - started,
      };
      if (result?.status === 501 || answeredNotImplemented(result?.body)) {
        // botbuilder's answer to an invoke the bot has no handler for: the caller's mistake, not ours.
        log.info({ ...logged, status: 400, reason: 'unsupported invoke' }, 'request refused');
        res.send(400, { error: 'this invoke is not supported' });
        return;
      }
      log.info({ ...logged, status: result?.status ?? 200 }, 'turn handled');
      if (result?.body !== undefined) res.send(result.status ?? 200, result.body);
      else res.send(result?.status ?? 200);
    } catch (err) {
      if (err instanceof AuthenticationError) {
        // The reason is one of tokenValidation's fixed phrases, never the token or its claims.
        const reason = isRejectionReason(err.message) ? err.message : 'authentication failed';
        log.warn({ status: 401, reason }, 'request refused');
        res.send(401, { error: 'unauthorised' });
        return;
      }
      log.error({ err: loggedError(err) }, 'turn failed');
      if (!res.headersSent) res.send(500, { error: 'internal error', correlationId });
    } finally {
      deps.lifecycle.end();
    }
  };
}

/** With expectReplies, botbuilder's 501 for an unhandled invoke is inside the list of replies. */
function answeredNotImplemented(body: unknown): boolean {
  const activities = (body as { activities?: unknown } | undefined)?.activities;
  return (
    Array.isArray(activities) &&
    activities.some(
      (a: { type?: unknown; value?: { status?: unknown } } | null) =>
        a?.type === 'invokeResponse' && a.value?.status === 501,
    )
  );
}
