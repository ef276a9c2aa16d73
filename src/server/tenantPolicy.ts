/**
 * Which tenants are served. An activity names its tenant in two places (`channelData.tenant.id`
 * and `conversation.tenantId`); every one it carries must be allowed, so a foreign id cannot hide
 * behind an allowed one. Ids compare without regard to case (Teams sends lower case; admins paste
 * either).
 */
export interface TenantPolicy {
  /** Lower case. Empty: every tenant is served (local mode, or multi-tenant by choice). */
  allowed: ReadonlySet<string>;
  /** True with an app id: an activity with no tenant id at all is refused. */
  requireTenant: boolean;
}

export type TenantDecision = { ok: true } | { ok: false; tenantId: string };

/** Longest tenant id put in a log line (a GUID is 36). */
const LOGGED_ID_LENGTH = 64;

export function tenantPolicy(allowedTenantIds: readonly string[], requireTenant: boolean): TenantPolicy {
  return { allowed: new Set(allowedTenantIds.map((id) => id.toLowerCase())), requireTenant };
}

/** The tenant ids an activity carries, lower case, without repeats. */
export function tenantIdsOf(activity: { channelData?: unknown; conversation?: unknown }): string[] {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | null | undefined)?.tenant
    ?.id;
  const conversationTenant = (activity.conversation as { tenantId?: unknown } | null | undefined)?.tenantId;
  const ids = [channelTenant, conversationTenant]
    .filter((id): id is string => typeof id === 'string' && id !== '')
    .map((id) => id.toLowerCase());
  return [...new Set(ids)];
}

export function checkTenant(
  activity: { channelData?: unknown; conversation?: unknown },
  policy: TenantPolicy,
): TenantDecision {
  const ids = tenantIdsOf(activity);
  if (ids.length === 0)
    return policy.requireTenant || policy.allowed.size > 0 ? { ok: false, tenantId: 'none' } : { ok: true };
  if (policy.allowed.size === 0) return { ok: true };
  const foreign = ids.find((id) => !policy.allowed.has(id));
  return foreign === undefined ? { ok: true } : { ok: false, tenantId: foreign.slice(0, LOGGED_ID_LENGTH) };
}
