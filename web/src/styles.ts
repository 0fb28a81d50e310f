// The look shared by every element: system fonts, one accent, readable
// on a phone.

import { css } from "lit";

export const base = css`
  :host {
    --accent: #5b5bd6;
    --ok: #1a7f37;
    --no: #c2262e;
    --muted: #6b6b76;
    --line: #d6d6de;
    --bg: #ffffff;
    --panel: #f6f6f9;
    --fg: #1c1c22;
    font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    color: var(--fg);
  }
  * { box-sizing: border-box; }
  a { color: var(--accent); }
  button, .button {
    font: inherit; cursor: pointer; border-radius: 8px; border: 1px solid var(--accent);
    background: var(--accent); color: #fff; padding: 0.45em 0.9em; min-height: 2.4em;
    text-decoration: none; display: inline-flex; align-items: center; gap: 0.4em;
  }
  button.secondary { background: transparent; color: var(--accent); }
  button.danger { background: var(--no); border-color: var(--no); }
  button:disabled { opacity: 0.5; cursor: default; }
  button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
    outline: 3px solid #f0a000; outline-offset: 2px;
  }
  input, select, textarea {
    font: inherit; padding: 0.4em 0.5em; border: 1px solid var(--line); border-radius: 6px;
    background: var(--bg); color: var(--fg); max-width: 100%;
  }
  label { display: block; font-weight: 600; margin: 0.6em 0 0.2em; }
  .muted { color: var(--muted); }
  .error { color: var(--no); }
  .field-error { color: var(--no); font-size: 0.9em; display: block; }
  .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 0.9em 1em; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
  ul.tree, ul.tree ul { list-style: none; padding-left: 1.2em; margin: 0.3em 0; }
  ul.tree { padding-left: 0; }
  .mark { display: inline-block; width: 1.2em; font-weight: 700; }
  .ok { color: var(--ok); }
  .no { color: var(--no); }
  .unk { color: #9a6700; }
  .detail { color: var(--muted); }
  code { font-size: 0.92em; overflow-wrap: anywhere; }
  ul.rule { margin: 0.3em 0; padding-left: 1.3em; }
  progress { width: 100%; height: 0.9em; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
