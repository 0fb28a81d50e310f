// What the control bar's menus (captions, speed, "more") share: their
// items' words, and moving among the items with the keyboard.

/** The playback speeds offered, as video sites offer them. */
export const speeds = [0.5, 0.75, 1, 1.25, 1.5, 2];

export function rateLabel(r: number): string {
  return `${r}×`;
}

export function trackLabel(t: TextTrack): string {
  const name = t.label || t.language || "Track";
  return t.language && t.label && !t.label.includes(t.language) ? `${name} (${t.language})` : name;
}

/**
 * menuKey moves focus among the open menu's items with the arrows (a grid
 * of speeds reads left to right, so ← and → too), and says "close" on
 * Escape. It takes the keys it handles from the player's shortcuts.
 */
export function menuKey(root: ShadowRoot, e: KeyboardEvent): "close" | undefined {
  const items = [...root.querySelectorAll<HTMLElement>("[role=menu] [role^=menuitem]")];
  if (!items.length) return undefined;
  const i = root.activeElement ? items.indexOf(root.activeElement as HTMLElement) : -1;
  if (e.key === "Escape") {
    e.preventDefault();
    return "close";
  }
  const fwd = e.key === "ArrowDown" || e.key === "ArrowRight";
  if (!fwd && e.key !== "ArrowUp" && e.key !== "ArrowLeft") return undefined;
  e.preventDefault();
  const next = fwd ? (i + 1) % items.length : (i <= 0 ? items.length : i) - 1;
  items[next]?.focus();
  return undefined;
}
