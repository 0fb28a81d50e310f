// The viewer's sound, remembered across loads in localStorage (of the page
// that shows the player: the watch page's origin, or the embedding
// site's), as video sites do. Storage may be off or full: then nothing is
// remembered and nothing fails.

const key = "streamgate.player.sound";

/** The sound a viewer left the player with. */
export interface Sound {
  volume: number;
  muted: boolean;
}

/** loadSound reads the remembered sound, if any and well formed. */
export function loadSound(): Sound | undefined {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? "null");
    if (typeof v !== "object" || v === null) return undefined;
    const { volume, muted } = v as Record<string, unknown>;
    if (typeof volume !== "number" || !(volume >= 0 && volume <= 1) || typeof muted !== "boolean") return undefined;
    return { volume, muted };
  } catch {
    return undefined;
  }
}

/** saveSound remembers the sound for the next load. */
export function saveSound(s: Sound): void {
  try {
    localStorage.setItem(key, JSON.stringify({ volume: s.volume, muted: s.muted }));
  } catch {
    // Storage refused (private mode, a sandboxed frame): forget it.
  }
}
