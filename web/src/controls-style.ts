// The control bar's look: dark, compact on a wide player; on a narrow
// one (a container query on the bar's own width, so a small embed on a
// wide page counts) the seek bar gets a row of its own, buttons a
// finger's size (44 px) and the rarer controls go into "more".

import { css } from "lit";

export const controlsStyle = css`
  :host { display: block; background: #181820; color: #eee; container: bar / inline-size; }
  .bar { display: flex; align-items: center; gap: 0.4em; padding: 0.2em 0.5em; }
  button { background: transparent; border-color: transparent; color: #eee; min-width: 2.6em; min-height: 2.6em; justify-content: center; padding: 0.2em 0.5em; }
  button:hover { background: #2c2c38; }
  button[aria-pressed="true"] { color: #fff; border-color: #8c8cf0; }
  /* Inside the player's rounded, clipped box: rings drawn inward. */
  button:focus-visible, input:focus-visible { outline: 3px solid #f0a000; outline-offset: -3px; }
  .seek { position: relative; flex: 1; display: flex; align-items: center; min-width: 6em; }
  input[type="range"] { margin: 0; height: 2.6em; accent-color: #8c8cf0; cursor: pointer; background: transparent; border: 0; padding: 0 0.3em; border-radius: 6px; }
  .seek input { width: 100%; }
  .sound { display: flex; align-items: center; }
  .volume { width: 5.5em; }
  .time { font-variant-numeric: tabular-nums; white-space: nowrap; font-size: 0.9em; }
  .rate { font-variant-numeric: tabular-nums; min-width: 3.4em; font-size: 0.9em; }
  .preview {
    position: absolute; bottom: calc(100% + 4px); transform: translateX(-50%); pointer-events: none;
    background: #000; border: 2px solid #eee; border-radius: 4px; box-shadow: 0 2px 10px #0008; z-index: 2;
  }
  .preview[hidden] { display: block; visibility: hidden; }
  .preview .tile { background-repeat: no-repeat; }
  .preview .at { text-align: center; font-size: 0.85em; padding: 0.1em 0; font-variant-numeric: tabular-nums; }
  .pop { position: relative; }
  [role="menu"] {
    position: absolute; bottom: calc(100% + 4px); right: 0; z-index: 3; min-width: 12em; margin: 0; padding: 0.3em 0;
    list-style: none; background: #22222c; border: 1px solid #444; border-radius: 8px; overflow-y: auto;
  }
  [role="menu"] button { width: 100%; justify-content: flex-start; border-radius: 0; }
  [role="menuitemradio"][aria-checked="true"]::before { content: "✓"; width: 1.2em; }
  [role="menuitemradio"][aria-checked="false"]::before { content: ""; width: 1.2em; }
  [role="menu"] .head { padding: 0.3em 0.8em 0.1em; font-size: 0.85em; color: #b8b8c4; }
  .speeds { display: grid; grid-template-columns: repeat(3, 1fr); }
  .speeds button { justify-content: center; font-variant-numeric: tabular-nums; }
  .speeds [role="menuitemradio"]::before { display: none; }
  .speeds [aria-checked="true"] { background: #3a3a70; }
  .more { display: none; }
  @container bar (max-width: 560px) {
    .bar { flex-wrap: wrap; gap: 0 0.15em; padding: 0 0.3em; }
    .seek { order: -1; flex: 1 0 100%; }
    button { min-width: 44px; min-height: 44px; padding: 0.2em; }
    .time { margin-right: auto; padding-left: 0.2em; }
    .volume, .wide { display: none; }
    .more { display: block; }
  }
  @container bar (max-width: 360px) {
    .time { font-size: 0.8em; }
  }
`;
