// The web app served at / by `streamgate serve`: the catalog, the watch
// page /v/{id}, the iframe page /embed/{id} and the studio /studio
// (loaded on demand). One HTML page; this script routes.

import { LitElement, css, html, nothing } from "lit";
import { videov1 } from "@streamgate/sdk";

import { problem } from "./errors.js";
import "./player.js";
import { account } from "./session.js";
import { base } from "./styles.js";
import "./wallet.js";

type Route = { page: "home" } | { page: "watch"; id: string } | { page: "embed"; id: string } | { page: "studio" };

function route(path: string): Route {
  let m = /^\/v\/([^/]+)\/?$/.exec(path);
  if (m) return { page: "watch", id: decodeURIComponent(m[1]!) };
  m = /^\/embed\/([^/]+)\/?$/.exec(path);
  if (m) return { page: "embed", id: decodeURIComponent(m[1]!) };
  if (/^\/studio(\/|$)/.test(path)) return { page: "studio" };
  return { page: "home" };
}

export class SgApp extends LitElement {
  static override properties = {
    route: { state: true },
    video: { state: true },
    videos: { state: true },
    error: { state: true },
    studio: { state: true },
  };
  static override styles = [
    base,
    css`
      :host { display: block; }
      header {
        display: flex; flex-wrap: wrap; gap: 0.6em 1.2em; align-items: center; justify-content: space-between;
        padding: 0.6em 1em; border-bottom: 1px solid var(--line);
      }
      header nav { display: flex; gap: 1em; align-items: center; }
      .brand { font-weight: 800; font-size: 1.15em; color: var(--fg); text-decoration: none; }
      main { padding: 1em; max-width: 1000px; margin: 0 auto; }
      h1 { font-size: 1.4em; margin: 0.6em 0 0.2em; }
      .description { white-space: pre-wrap; }
      .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr)); gap: 0.8em; padding: 0; list-style: none; }
      .cards a { display: block; text-decoration: none; color: inherit; }
      :host([embed]) main { padding: 0; max-width: none; }
    `,
  ];

  declare route: Route;
  declare video?: videov1.Video;
  declare videos?: videov1.Video[];
  declare error: string;
  declare studio: boolean;

  constructor() {
    super();
    this.route = route(location.pathname);
    this.error = "";
    this.studio = false;
    addEventListener("popstate", () => (this.route = route(location.pathname)));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const r = this.route;
    if (r.page === "embed") {
      this.setAttribute("embed", "");
      document.body.style.margin = "0";
    }
    if (r.page === "home") void this.loadHome();
    if (r.page === "studio") void import("./studio.js").then(() => (this.studio = true), (e) => (this.error = String(e)));
    document.title = r.page === "studio" ? "Studio · StreamGate" : "StreamGate";
  }

  private async loadHome(): Promise<void> {
    try {
      const res = await account(location.origin).sg.videos.listVideos({ pageSize: 50, status: videov1.Status.READY });
      this.videos = res.videos.filter((v) => v.visibility === videov1.Visibility.PUBLIC);
    } catch (err) {
      this.error = problem(err).message;
    }
  }

  override render() {
    const r = this.route;
    if (r.page === "embed") {
      return html`<main><streamgate-player video-id=${r.id} server=${location.origin}></streamgate-player></main>`;
    }
    return html`<header>
        <nav aria-label="Main"><a class="brand" href="/">StreamGate</a><a href="/studio">Studio</a></nav>
        <sg-wallet server=${location.origin}></sg-wallet>
      </header>
      <main>${this.page(r)}</main>`;
  }

  private page(r: Route) {
    switch (r.page) {
      case "watch":
        return html`<streamgate-player video-id=${r.id} server=${location.origin} @video=${(e: CustomEvent<videov1.Video>) => this.watched(e.detail)}></streamgate-player>
          ${this.video ? html`<h1>${this.video.title}</h1>
                ${this.video.tags.length ? html`<p class="muted">${this.video.tags.map((t) => `#${t}`).join(" ")}</p>` : nothing}
                <p class="description">${this.video.description}</p>` : nothing}`;
      case "studio":
        return this.studio ? html`<sg-studio></sg-studio>` : html`<p role="status">${this.error || "Loading the studio…"}</p>`;
      default:
        return html`<h1>Videos</h1>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
          ${this.videos?.length === 0 ? html`<p class="muted">No public videos yet. Creators upload from the <a href="/studio">studio</a>.</p>` : nothing}
          <ul class="cards">
            ${(this.videos ?? []).map((v) => html`<li class="panel"><a href="/v/${v.id}"><strong>${v.title}</strong>
              <div class="muted">${v.gated ? "For token holders" : "Open to everyone signed in"}</div></a></li>`)}
          </ul>`;
    }
  }

  private watched(v: videov1.Video): void {
    this.video = v;
    document.title = `${v.title} · StreamGate`;
  }
}

customElements.define("sg-app", SgApp);
