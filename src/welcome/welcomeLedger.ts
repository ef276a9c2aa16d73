import { installationDataKey, isStorageConflictError, type Storage } from '../storage';

/**
 * Remembers which installations were welcomed. Teams sends both installationUpdate and
 * conversationUpdate when the bot is added, possibly to different instances; whichever claims
 * first sends the welcome. The record is part of the installation's data, so an uninstall
 * removes it and a later reinstall is welcomed again.
 */
export interface WelcomeLedger {
  /** True exactly once per installation, across instances and restarts: that caller welcomes. */
  claim(installationId: string): Promise<boolean>;
}

export class StorageWelcomeLedger implements WelcomeLedger {
  constructor(private readonly storage: Pick<Storage, 'create'>) {}

  async claim(installationId: string): Promise<boolean> {
    try {
      await this.storage.create(installationDataKey(installationId, 'welcome'), {
        welcomedAt: new Date().toISOString(),
      });
      return true;
    } catch (err) {
      if (isStorageConflictError(err)) return false;
      throw err;
    }
  }
}
