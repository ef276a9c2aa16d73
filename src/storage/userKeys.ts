import { createHmac } from 'node:crypto';
import { userKey } from './keys';

/**
 * The key that stands for a person: `users/` and an HMAC of their AAD object id under
 * USER_KEY_SECRET. Stores and logs never hold the id itself, and without the secret a key cannot be
 * matched to a person. AAD object ids are GUIDs, which Teams may send in either case.
 */
export const userKeyFor = (secret: string, aadObjectId: string): string =>
  userKey(createHmac('sha256', secret).update(aadObjectId.toLowerCase()).digest('hex'));

export const USERS_PREFIX = 'users/';
