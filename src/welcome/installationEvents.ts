import type { Reply } from '../routing/reply';
import type { EventHandler, Turn } from '../routing/turn';
import type { Installations } from '../storage';
import type { WelcomeLedger } from './welcomeLedger';

/**
 * Keeps the list of installations (where the bot may later speak first) and welcomes each new one
 * exactly once, whichever of Teams' several install events arrives first, on whichever instance.
 */
export class InstallationEvents {
  constructor(
    private readonly deps: {
      installations: Pick<Installations, 'add' | 'remove'>;
      ledger: WelcomeLedger;
      welcome: () => Reply;
    },
  ) {}

  readonly installed: EventHandler = (turn) => this.welcome(turn);

  /** An app update, not a new installation: recorded, but no second welcome. */
  readonly upgraded: EventHandler = (turn) => this.deps.installations.add(installationOf(turn));

  /** Uninstalled, removed from a chat or team, or the team deleted: forget it and all its data. */
  readonly removed: EventHandler = (turn) => this.deps.installations.remove(turn.where.installationId);

  private async welcome(turn: Turn): Promise<void> {
    const installation = installationOf(turn);
    await this.deps.installations.add(installation);
    if (!(await this.deps.ledger.claim(installation.id))) return;
    turn.log.info({ event: 'welcome', conversationType: turn.where.conversationType }, 'welcomed');
    await turn.reply(this.deps.welcome());
  }
}

const installationOf = (turn: Turn) => ({ id: turn.where.installationId, reference: turn.where.reference });
