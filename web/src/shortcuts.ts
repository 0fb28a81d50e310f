// The player's keyboard shortcuts while it has focus, the ones viewers
// know from YouTube: Space or k play and pause, ←/→ seek 5 s, j/l 10 s,
// ↑/↓ the volume, m mute, f full screen, c captions, 0–9 a tenth of the
// way each, Home/End the ends. A key a focused control already means
// (Space on a button, arrows on a slider or in a menu) stays that
// control's.

/** What a key asks of the player. */
export type Action =
  | { k: "play" }
  | { k: "seekBy"; s: number }
  | { k: "seekTo"; fraction: number }
  | { k: "volumeBy"; d: number }
  | { k: "mute" }
  | { k: "full" }
  | { k: "captions" };

/** The keys, for aria-keyshortcuts. */
export const shortcutKeys = "Space k j l ArrowLeft ArrowRight ArrowUp ArrowDown m f c 0 1 2 3 4 5 6 7 8 9 Home End";

const sliderKeys = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);

/** actionFor says what a key pressed in the player asks, if anything. */
export function actionFor(e: KeyboardEvent): Action | undefined {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return undefined;
  const target = e.composedPath()[0];
  const el = target instanceof Element ? target : undefined;
  if (el?.localName === "input" && (el as HTMLInputElement).type === "range") {
    if (sliderKeys.has(e.key)) return undefined;
  } else if (el?.localName === "input" || el?.localName === "textarea" || (el as HTMLElement | undefined)?.isContentEditable) {
    return undefined;
  }
  const onButton = el?.localName === "button";
  if (el?.closest("[role=menu]") && sliderKeys.has(e.key)) return undefined;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  switch (key) {
    case " ":
      return onButton ? undefined : { k: "play" };
    case "k":
      return { k: "play" };
    case "ArrowLeft":
      return { k: "seekBy", s: -5 };
    case "ArrowRight":
      return { k: "seekBy", s: 5 };
    case "j":
      return { k: "seekBy", s: -10 };
    case "l":
      return { k: "seekBy", s: 10 };
    case "ArrowUp":
      return { k: "volumeBy", d: 0.05 };
    case "ArrowDown":
      return { k: "volumeBy", d: -0.05 };
    case "Home":
      return { k: "seekTo", fraction: 0 };
    case "End":
      return { k: "seekTo", fraction: 1 };
    case "m":
      return { k: "mute" };
    case "f":
      return { k: "full" };
    case "c":
      return { k: "captions" };
  }
  if (/^[0-9]$/.test(key)) return { k: "seekTo", fraction: Number(key) / 10 };
  return undefined;
}
