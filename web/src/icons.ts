// The control bar's icons, drawn here: no icon font or emoji the system
// may lack.

import { html, svg } from "lit";

export const icons = {
  play: svg`<path fill="currentColor" d="M7 4v16l13-8z"/>`,
  pause: svg`<path fill="currentColor" d="M6 4h4v16H6zM14 4h4v16h-4z"/>`,
  sound: svg`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12"/>`,
  muted: svg`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M16 9l6 6M22 9l-6 6"/>`,
  full: svg`<path fill="none" stroke="currentColor" stroke-width="2" d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"/>`,
  exitFull: svg`<path fill="none" stroke="currentColor" stroke-width="2" d="M9 4v5H4M20 9h-5V4M15 20v-5h5M4 15h5v5"/>`,
  pip: svg`<rect x="2.5" y="4.5" width="19" height="15" rx="1.5" fill="none" stroke="currentColor" stroke-width="2"/><rect x="12" y="11" width="7" height="6" fill="currentColor"/>`,
  more: svg`<circle cx="12" cy="5" r="2" fill="currentColor"/><circle cx="12" cy="12" r="2" fill="currentColor"/><circle cx="12" cy="19" r="2" fill="currentColor"/>`,
};

export function icon(paths: ReturnType<typeof svg>) {
  return html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">${paths}</svg>`;
}
