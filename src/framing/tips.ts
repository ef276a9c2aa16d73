import type { SourceRef } from '../knowledge/contentFile';

/** A framing tip from the Health Foundation guidance: do this, instead of that, why, and where from. */
export interface FramingTip {
  id: string;
  /** Short heading for the card. */
  title: string;
  do: string;
  instead: string;
  why: string;
  source: SourceRef;
  /** Optional knowledge entry id for the card's "Learn more" button. */
  ask?: string;
}

export interface FramingTips {
  readonly all: readonly FramingTip[];
  get(id: string): FramingTip | undefined;
  /** The tip after `current`, wrapping round: never `current` itself. */
  after(current: string): FramingTip;
}

export function buildTips(tips: readonly FramingTip[]): FramingTips {
  const byId = new Map(tips.map((t) => [t.id, t]));
  return {
    all: tips,
    get: (id) => byId.get(id),
    after(current) {
      const at = tips.findIndex((t) => t.id === current);
      return at === -1 ? tips[0] : tips[(at + 1) % tips.length];
    },
  };
}
