/**
 * The layout of keys. Every piece of state that belongs to an installation lives under its data
 * prefix, so removing the installation removes all of it with one prefix listing.
 *
 *   installations/<id>            the installation's conversation reference
 *   data/<id>/<feature>/...       whatever features keep for that installation
 *   users/<HMAC of AAD object id> whatever a feature keeps for a person (nothing yet)
 *
 * Ids are escaped with encodeURIComponent so that no id can reach into another's prefix (an id
 * containing `/` would otherwise).
 */
const segment = (id: string): string => encodeURIComponent(id);

export const INSTALLATIONS_PREFIX = 'installations/';
export const installationKey = (installationId: string): string =>
  `${INSTALLATIONS_PREFIX}${segment(installationId)}`;
export const installationDataPrefix = (installationId: string): string => `data/${segment(installationId)}/`;
/** A feature's key within an installation's data, such as `installationDataKey(id, 'welcome')`. */
export const installationDataKey = (installationId: string, ...path: string[]): string =>
  `${installationDataPrefix(installationId)}${path.map(segment).join('/')}`;
export const userKey = (userHash: string): string => `users/${userHash}`;
