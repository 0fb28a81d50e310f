// The storyboard map a transcoded video publishes beside its playlists
// (/play/{token}/storyboard.json): which tile of which sprite sheet shows
// which time. The seek bar's preview reads it.

/** One thumbnail: the span it stands for and where it is on its sheet. */
export interface Tile {
  start: number;
  end: number;
  /** The sheet, relative to the map: storyboard/N.jpg. */
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A parsed storyboard.json. */
export interface Storyboard {
  duration: number;
  tiles: Tile[];
}

const sheet = /^storyboard\/\d{1,6}\.jpg$/;
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

/**
 * Checks a storyboard.json document; anything malformed (or a sheet that
 * is not a plain relative storyboard/N.jpg, which goes into a CSS url())
 * gives no storyboard.
 */
export function parseStoryboard(doc: unknown): Storyboard | undefined {
  if (!doc || typeof doc !== "object") return undefined;
  const d = doc as { duration?: unknown; tiles?: unknown };
  if (!Array.isArray(d.tiles) || d.tiles.length === 0 || d.tiles.length > 100_000) return undefined;
  const tiles: Tile[] = [];
  for (const raw of d.tiles as unknown[]) {
    const t = raw as Partial<Record<keyof Tile, unknown>>;
    if (!t || typeof t !== "object") return undefined;
    if (!num(t.start) || !num(t.end) || !num(t.x) || !num(t.y) || !num(t.width) || !num(t.height)) return undefined;
    if (typeof t.url !== "string" || !sheet.test(t.url) || t.width === 0 || t.height === 0) return undefined;
    tiles.push({ start: t.start, end: t.end, url: t.url, x: t.x, y: t.y, width: t.width, height: t.height });
  }
  tiles.sort((a, b) => a.start - b.start);
  const last = tiles[tiles.length - 1]!;
  return { duration: num(d.duration) ? d.duration : last.end, tiles };
}

/** The tile showing time t (seconds): the last one starting at or before it. */
export function tileAt(sb: Storyboard, t: number): Tile {
  const ts = sb.tiles;
  let lo = 0;
  let hi = ts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid]!.start <= t) lo = mid;
    else hi = mid - 1;
  }
  return ts[lo]!;
}

/**
 * Fetches and parses the storyboard beside a master playlist URL. A video
 * without one (made before storyboards, audio-only) or any failure gives
 * undefined: the seek bar then shows no preview, and no error.
 */
export async function loadStoryboard(masterUrl: string, signal?: AbortSignal): Promise<Storyboard | undefined> {
  if (!/\/master\.m3u8$/.test(masterUrl)) return undefined;
  try {
    const res = await fetch(masterUrl.replace(/master\.m3u8$/, "storyboard.json"), { signal, credentials: "omit" });
    if (!res.ok) return undefined;
    return parseStoryboard(await res.json());
  } catch {
    return undefined;
  }
}

/** m:ss or h:mm:ss. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
