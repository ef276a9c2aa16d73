/** The storage layer's public surface: the interface, its errors, and what the bot keeps through it. */
export { isStorageConflictError, isStorageError, StorageConflictError, StorageError } from './errors';
export {
  type ConversationReferenceRecord,
  type Installation,
  type InstallationRecord,
  Installations,
  installationOf,
} from './installations';
export { installationDataKey } from './keys';
export { openStorage } from './openStorage';
export type { ListOptions, ListPage, Storage, StorageBackend, StoredItem, WriteItem } from './storage';
export { resolveUserKeySecret } from './userKeySecret';
export { USERS_PREFIX, userKeyFor } from './userKeys';
