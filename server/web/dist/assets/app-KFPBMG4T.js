import{a as v,b as s,c as u,d as l,e as m,f as A,g as $,h as S,i as w,j as P,k as I,l as y,n as R,p as V,q as H,r as x,s as D,t as E,u as k,v as U,w as F,x as g,y as f}from"./chunk-QQLETYEQ.js";import"./chunk-WOT6VMZA.js";var j=new Set(["subtitles","captions"]),L=class extends m{constructor(){super();this.dragging=!1;this.time=0,this.duration=0,this.paused=!0,this.muted=!1,this.tracks=[],this.menu=!1,this.full=!1}static{this.properties={media:{attribute:!1},storyboard:{attribute:!1},sheetBase:{attribute:!1},screen:{attribute:!1},time:{state:!0},duration:{state:!0},paused:{state:!0},muted:{state:!0},hover:{state:!0},tracks:{state:!0},menu:{state:!0},full:{state:!0}}}static{this.styles=[f,v`
      :host { display: block; background: #181820; color: #eee; }
      .bar { display: flex; align-items: center; gap: 0.4em; padding: 0.2em 0.5em; }
      button { background: transparent; border-color: transparent; color: #eee; min-width: 2.6em; min-height: 2.6em; justify-content: center; padding: 0.2em 0.5em; }
      button:hover { background: #2c2c38; }
      button[aria-pressed="true"] { color: #fff; border-color: #8c8cf0; }
      .seek { position: relative; flex: 1; display: flex; align-items: center; min-width: 6em; }
      .seek input { width: 100%; margin: 0; height: 2.6em; accent-color: #8c8cf0; cursor: pointer; background: transparent; border: 0; padding: 0; }
      .time { font-variant-numeric: tabular-nums; white-space: nowrap; font-size: 0.9em; }
      .preview {
        position: absolute; bottom: calc(100% + 4px); transform: translateX(-50%); pointer-events: none;
        background: #000; border: 2px solid #eee; border-radius: 4px; box-shadow: 0 2px 10px #0008; z-index: 2;
      }
      .preview[hidden] { display: block; visibility: hidden; }
      .preview .tile { background-repeat: no-repeat; }
      .preview .at { text-align: center; font-size: 0.85em; padding: 0.1em 0; font-variant-numeric: tabular-nums; }
      .cc { position: relative; }
      [role="menu"] {
        position: absolute; bottom: calc(100% + 4px); right: 0; z-index: 3; min-width: 12em; margin: 0; padding: 0.3em 0;
        list-style: none; background: #22222c; border: 1px solid #444; border-radius: 8px;
      }
      [role="menu"] button { width: 100%; justify-content: flex-start; border-radius: 0; }
      [role="menuitemradio"][aria-checked="true"]::before { content: "✓"; width: 1.2em; }
      [role="menuitemradio"][aria-checked="false"]::before { content: ""; width: 1.2em; }
      @media (max-width: 480px) { .vol { display: none; } }
    `]}disconnectedCallback(){super.disconnectedCallback(),this.detach?.(),this.detach=void 0}connectedCallback(){super.connectedCallback(),this.media&&!this.detach&&this.attach(this.media)}willUpdate(e){e.has("media")&&(this.detach?.(),this.detach=void 0,this.media&&this.attach(this.media))}attach(e){let t=()=>{this.dragging||(this.time=e.currentTime),this.duration=O(e,this.storyboard),this.paused=e.paused,this.muted=e.muted||e.volume===0},i=()=>this.tracks=[...e.textTracks].filter(d=>j.has(d.kind)),n=()=>this.full=document.fullscreenElement===this.screen,r=["timeupdate","durationchange","loadedmetadata","play","pause","volumechange","seeked","progress"];for(let d of r)e.addEventListener(d,t);let c=["addtrack","removetrack","change"];for(let d of c)e.textTracks.addEventListener(d,i);document.addEventListener("fullscreenchange",n),t(),i(),this.detach=()=>{for(let d of r)e.removeEventListener(d,t);for(let d of c)e.textTracks.removeEventListener(d,i);document.removeEventListener("fullscreenchange",n)}}render(){let e=this.duration,t=`${g(this.time)} of ${g(e)}`;return s`<div class="bar">
      <button data-testid="play" aria-label=${this.paused?"Play":"Pause"} @click=${this.togglePlay}>${T(this.paused?b.play:b.pause)}</button>
      <div class="seek">
        ${this.preview()}
        <input type="range" aria-label="Seek" data-testid="seek" min="0" max=${e||0} step="any" .value=${String(this.time)}
          aria-valuetext=${t} ?disabled=${!e}
          @input=${this.onInput} @change=${this.onChange} @keydown=${this.onKey} @blur=${this.unhover}
          @pointermove=${this.onPointer} @pointerdown=${this.onPointerDown} @pointerleave=${this.onLeave}>
      </div>
      <span class="time" aria-hidden="true">${g(this.time)} / ${g(e)}</span>
      <button class="vol" aria-label=${this.muted?"Unmute":"Mute"} aria-pressed=${this.muted?"true":"false"} @click=${this.toggleMute}>${T(this.muted?b.muted:b.sound)}</button>
      ${this.captions()}
      <button aria-label=${this.full?"Exit full screen":"Full screen"} @click=${this.toggleFull}>${T(this.full?b.exitFull:b.full)}</button>
    </div>`}preview(){if(!this.storyboard||!this.sheetBase)return l;let e=this.hover;return s`<div class="preview" data-testid="seek-preview" ?hidden=${!e} aria-hidden="true">
      <div class="tile" data-testid="seek-tile"></div>
      <div class="at" data-testid="seek-time">${g(e?.t??0)}</div>
    </div>`}updated(){let e=this.storyboard,t=this.renderRoot.querySelector(".preview"),i=this.renderRoot.querySelector(".tile");if(!e||!t||!i||!this.sheetBase)return;let n=this.hover,r=U(e,n?.t??0),c=this.renderRoot.querySelector(".seek")?.clientWidth??0,d=r.width/2+2,h=c>r.width+4?Math.min(Math.max((n?.at??0)*c,d),c-d):c/2;t.style.left=`${h}px`,i.style.width=`${r.width}px`,i.style.height=`${r.height}px`,i.style.backgroundImage=n?`url("${this.sheetBase()+r.url}")`:"none",i.style.backgroundPosition=`${-r.x}px ${-r.y}px`}fraction(e){let t=e.currentTarget.getBoundingClientRect();return t.width?Math.min(Math.max((e.clientX-t.left)/t.width,0),1):0}onPointer(e){if(this.dragging||!this.duration)return;let t=this.fraction(e);this.hover={t:t*this.duration,at:t}}onPointerDown(){this.dragging=!0;let e=()=>{this.dragging=!1,removeEventListener("pointerup",e),removeEventListener("pointercancel",e),this.hover=void 0};addEventListener("pointerup",e),addEventListener("pointercancel",e)}onLeave(){this.dragging||(this.hover=void 0)}unhover(){this.hover=void 0}showValue(e){this.hover={t:e,at:this.duration?e/this.duration:0}}onInput(e){let t=Number(e.target.value);this.time=t,this.showValue(t),this.media&&(this.media.currentTime=t)}onChange(){this.dragging||(this.hover=void 0)}onKey(e){let t=this.media;if(!t||!this.duration)return;let i=this.duration,n={ArrowRight:5,ArrowUp:5,ArrowLeft:-5,ArrowDown:-5,PageUp:i/10,PageDown:-i/10},r;if(e.key in n)r=this.time+n[e.key];else if(e.key==="Home")r=0;else if(e.key==="End")r=i;else return;e.preventDefault(),r=Math.min(Math.max(r,0),i),this.time=r,t.currentTime=r,this.showValue(r)}togglePlay(){let e=this.media;e&&(e.paused?e.play().catch(()=>{}):e.pause())}toggleMute(){this.media&&(this.media.muted=!this.media.muted)}toggleFull(){document.fullscreenElement?document.exitFullscreen().catch(()=>{}):this.screen?.requestFullscreen?.().catch(()=>{})}captions(){if(!this.tracks.length)return l;let e=this.tracks.find(t=>t.mode==="showing");return s`<div class="cc" @keydown=${this.menuKey}>
      <button data-testid="cc" aria-label="Subtitles and captions" aria-haspopup="menu" aria-expanded=${this.menu?"true":"false"}
        aria-pressed=${e?"true":"false"} @click=${()=>this.menu=!this.menu}>CC</button>
      ${this.menu?s`<ul role="menu" aria-label="Subtitles and captions">
        <li role="none"><button role="menuitemradio" aria-checked=${e?"false":"true"} @click=${()=>this.choose(void 0)}>Off</button></li>
        ${this.tracks.map(t=>s`<li role="none"><button role="menuitemradio" aria-checked=${t===e?"true":"false"}
          @click=${()=>this.choose(t)}>${q(t)}</button></li>`)}
      </ul>`:l}
    </div>`}choose(e){for(let t of this.tracks)t!==e&&(t.mode="disabled");e&&(e.mode="showing"),this.menu=!1,this.tracks=[...this.tracks],this.updateComplete.then(()=>this.renderRoot.querySelector("[data-testid=cc]")?.focus())}menuKey(e){if(!this.menu)return;let t=[...this.renderRoot.querySelectorAll("[role=menuitemradio]")],i=this.renderRoot.activeElement,n=i?t.indexOf(i):-1;if(e.key==="Escape")this.menu=!1,this.renderRoot.querySelector("[data-testid=cc]")?.focus();else if(e.key==="ArrowDown"||e.key==="ArrowUp"){e.preventDefault();let r=e.key==="ArrowDown"?(n+1)%t.length:(n<=0?t.length:n)-1;t[r]?.focus()}}},b={play:u`<path fill="currentColor" d="M7 4v16l13-8z"/>`,pause:u`<path fill="currentColor" d="M6 4h4v16H6zM14 4h4v16h-4z"/>`,sound:u`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12"/>`,muted:u`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M16 9l6 6M22 9l-6 6"/>`,full:u`<path fill="none" stroke="currentColor" stroke-width="2" d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"/>`,exitFull:u`<path fill="none" stroke="currentColor" stroke-width="2" d="M9 4v5H4M20 9h-5V4M15 20v-5h5M4 15h5v5"/>`};function T(o){return s`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">${o}</svg>`}function q(o){let a=o.label||o.language||"Track";return o.language&&o.label&&!o.label.includes(o.language)?`${a} (${o.language})`:a}function O(o,a){return Number.isFinite(o.duration)&&o.duration>0?o.duration:o.seekable.length?o.seekable.end(o.seekable.length-1):a?.duration??0}customElements.get("sg-controls")||customElements.define("sg-controls",L);var p=w.Status,M=class extends m{constructor(){super();this.contracts=new Map;this.onAccount=()=>{this.start()};this.sheetBase=()=>this.playback?.grant.url.replace(/master\.m3u8$/,"")??"";this.server="",this.videoId="",this.view={k:"loading"}}static{this.properties={server:{type:String},videoId:{type:String,attribute:"video-id"},view:{state:!0},video:{state:!0},rule:{state:!0},evaluation:{state:!0},renewed:{state:!0},storyboard:{state:!0},media:{state:!0}}}static{this.styles=[f,v`
      :host { display: block; max-width: 960px; }
      .screen {
        min-height: 14em; background: #111; color: #eee; border-radius: 10px; overflow: hidden;
        display: flex; align-items: center; justify-content: center;
      }
      .screen.video { display: flex; flex-direction: column; align-items: stretch; }
      .screen.video video { width: 100%; aspect-ratio: 16 / 9; background: #000; display: block; }
      .screen.video:fullscreen { border-radius: 0; }
      .screen.video:fullscreen video { flex: 1; min-height: 0; aspect-ratio: auto; height: auto; }
      .screen { position: relative; }
      .screen.posted { min-height: min(540px, 56.25vw); }
      .screen .poster { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; opacity: 0.4; }
      .screen .gate { position: relative; }
      .gate { padding: 1em; max-width: 40em; overflow: auto; max-height: 100%; }
      .gate a { color: #aab4ff; }
      .gate .muted, .gate .detail { color: #b8b8c4; }
      .gate .ok { color: #5fd37a; }
      .gate .no { color: #ff7b82; }
      .gate h2 { font-size: 1.15em; margin: 0 0 0.4em; }
      .under { margin-top: 0.5em; }
      details { margin-top: 0.5em; }
    `]}connectedCallback(){super.connectedCallback(),this.hasUpdated&&this.videoId&&this.start()}disconnectedCallback(){super.disconnectedCallback(),this.stop(),this.acct?.removeEventListener("change",this.onAccount)}updated(e){(e.has("server")||e.has("videoId"))&&this.videoId&&this.start(),this.setAttribute("state",this.view.k)}get baseUrl(){return(this.server||location.origin).replace(/\/+$/,"")}stop(){this.abort?.abort(),this.playback?.destroy(),this.playback=void 0,this.storyboard=void 0,this.media=void 0}async start(){this.stop();let e=this.abort=new AbortController,t=k(this.baseUrl);t!==this.acct&&(this.acct?.removeEventListener("change",this.onAccount),this.acct=t,t.addEventListener("change",this.onAccount)),this.evaluation=void 0,this.renewed=void 0;try{await this.flow(t,e.signal)}catch(i){e.signal.aborted||this.fail(i)}}async flow(e,t){(!this.video||this.video.id!==this.videoId)&&(this.view={k:"loading"});let i=(await e.sg.videos.getVideo({id:this.videoId},{signal:t})).video;if(this.video=i,this.dispatchEvent(new CustomEvent("video",{detail:i})),i.status===p.FAILED)return void(this.view={k:"failed",reason:i.failureReason||"no reason given"});if(i.status!==p.READY)return this.follow(e,t);if(this.rule=void 0,i.gated){let r=await e.sg.gate.getAccessRule({videoId:i.id},{signal:t});R(r.chains),this.contracts=H(r.contracts),this.rule=r.rule}if(!e.address)return this.rule?void(this.view={k:"signin"}):this.play(e,t);let n=e.address.toLowerCase()===i.ownerAddress.toLowerCase();if(this.rule&&!n){this.view={k:"checking"};let r=await e.sg.gate.checkAccess({videoId:i.id},{signal:t});if(this.evaluation=r.evaluation,!r.allowed)return void(this.view={k:"denied",reason:r.reason,evaluation:r.evaluation})}await this.play(e,t)}async follow(e,t){this.view={k:"processing",video:this.video};for await(let i of e.sg.watchVideo(this.videoId,t)){if(this.video=i,i.status===p.READY||i.status===p.FAILED)return this.flow(e,t);this.view={k:"processing",video:i}}}async play(e,t){this.view={k:"playing"},await this.updateComplete;let i=this.renderRoot.querySelector("video");this.media=i;let{default:n}=await import("./hls-NGXITRHW.js");t.throwIfAborted();let r=h=>this.fail(h),c=()=>this.renewed=new Date;if(n.isSupported()){let h=await I(e.sg,{Hls:n,media:i,videoId:this.videoId,onError:r,onRenew:c});if(t.aborted)return h.destroy();this.playback=h,i.poster=this.posterFor(h.grant.url)}else if(i.canPlayType("application/vnd.apple.mpegurl"))this.playback=await G(e,this.videoId,i,c,r,h=>this.posterFor(h));else throw new $("this browser cannot play HLS video",A.FailedPrecondition);let d=await F(this.playback.grant.url,t);t.aborted||!d||(this.storyboard=d,new Image().src=this.sheetBase()+d.tiles[0].url)}posterFor(e){if(this.video?.publicPoster)return this.publicPoster(this.video);let t=this.video?.duration,i=t?(Number(t.seconds)+t.nanos/1e9)/10:0;return e.replace(/master\.m3u8$/,`thumbnail.jpg?time=${i.toFixed(1)}&width=640`)}publicPoster(e){return`${this.baseUrl}/poster/${encodeURIComponent(e.id)}.jpg`}backdrop(){let e=this.video;return!e?.publicPoster||e.status!==p.READY?l:s`<img class="poster" data-testid="public-poster" src=${this.publicPoster(e)} alt="" />`}fail(e){let t=y(e);switch(t.kind){case"expired":if(!this.acct?.address)return void(this.view={k:"signin"});this.acct?.expire(),this.view={k:"expired"};return;case"unavailable":this.view={k:"unavailable",message:t.message};return;case"denied":{let i=$.from(e).findDetails(S.EvaluationSchema)[0]??this.evaluation;this.view={k:"denied",reason:t.message,evaluation:i};return}case"not-ready":this.start();return;default:this.view={k:"missing",message:t.message}}}render(){let e=this.video,t=this.view.k,i=t==="signin"||t==="denied"||t==="expired"||t==="checking"?this.backdrop():l;return s`<div class="screen ${t==="playing"?"video":i!==l?"posted":""}" aria-live="polite">${i}${this.screen()}</div>
      <div class="under">${this.under()}</div>
      ${e&&this.hasAttribute("titled")?s`<h1>${e.title}</h1><p>${e.description}</p>`:l}`}screen(){let e=this.view;switch(e.k){case"playing":return s`<video playsinline aria-label=${this.video?.title??"Video"} @click=${this.togglePlay}></video>
          <sg-controls .media=${this.media} .storyboard=${this.storyboard} .sheetBase=${this.sheetBase}
            .screen=${this.renderRoot.querySelector(".screen")??void 0}></sg-controls>`;case"loading":case"checking":return s`<p class="gate" role="status">${e.k==="loading"?"Loading\u2026":"Checking your wallet on the chain\u2026"}</p>`;case"missing":return s`<div class="gate" role="alert"><h2>Cannot play this video</h2><p>${e.message}</p></div>`;case"processing":{let t=Math.round((e.video.progress||0)*100),i=e.video.status===p.WAITING_UPLOAD?"waiting for its upload":e.video.status===p.UPLOADED?"queued for processing":`processing: ${t}%`;return s`<div class="gate" role="status" data-testid="processing">
          <h2>This video is not ready yet</h2><p>It is ${i}. This page will play it as soon as it is ready.</p>
          <progress max="100" value=${t} aria-label="Processing progress"></progress></div>`}case"failed":return s`<div class="gate" role="alert"><h2>This video could not be processed</h2><p>Reason: ${e.reason}</p>
          <p class="muted">Its creator can upload it again from the studio.</p></div>`;case"signin":return s`<div class="gate">${this.ask()}<sg-wallet server=${this.baseUrl}></sg-wallet></div>`;case"expired":return s`<div class="gate" role="alert"><h2>Your session has expired</h2><p>Sign in again to keep watching.</p>
          <sg-wallet server=${this.baseUrl}></sg-wallet></div>`;case"denied":return s`<div class="gate" role="alert" data-testid="denied"><h2>This wallet cannot watch this video</h2>
          <p>${e.reason||"It does not meet the video's access rule."}</p>
          ${this.rule?s`<p>What is asked: ${x(this.rule,this.contracts)}</p>`:l}
          <details open><summary>Why</summary>${E(e.evaluation)}</details>
          <div class="row">${this.switchButton()}<button class="secondary" @click=${()=>this.acct?.signOut()}>Use another wallet</button></div></div>`;case"unavailable":return s`<div class="gate" role="alert" data-testid="unavailable"><h2>We could not check access right now</h2>
          <p>${e.message}</p><button @click=${()=>this.start()}>Try again</button></div>`}}togglePlay(e){let t=e.currentTarget;t.paused?t.play().catch(()=>{}):t.pause()}ask(){return this.rule?s`<h2>This video is for token holders</h2>
      <div data-testid="rule">To watch, ${x(this.rule,this.contracts)}.</div>
      <p class="muted">Sign in with your wallet: it signs a message, which costs nothing and sends no transaction.</p>
      ${this.switchButton()}`:s`<h2>${this.video?.title??"Sign in to watch"}</h2><p>Sign in with your wallet to watch this video.</p>`}switchButton(){let e=this.acct,t=this.rule?D(this.rule):[];if(!e?.wallet||t.length!==1||e.chainId===t[0])return l;let i=t[0];return s`<button class="secondary" @click=${()=>e.switchChain(i).catch(n=>this.fail(n))}>
      Switch wallet to ${V(i)}</button>`}under(){return this.view.k!=="playing"?l:this.acct?.address?s`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed?`Access renewed at ${this.renewed.toLocaleTimeString()}; it is checked again before each renewal.`:"Access granted; it renews by itself while you watch."}
      </div>
      ${this.evaluation?s`<details><summary>Why you may watch</summary>${E(this.evaluation)}</details>`:l}`:s`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed?`Open to everyone: no wallet needed. Access renewed at ${this.renewed.toLocaleTimeString()}.`:"Open to everyone: no wallet needed."}</div>`}};async function G(o,a,e,t,i,n){let r=await o.sg.authorize(a),c,d=()=>{c=setTimeout(async()=>{try{r=await P(o.sg,r.token);let h=e.currentTime,z=!e.paused;e.src=r.url,e.currentTime=h,z&&e.play(),t(),d()}catch(h){i(h)}},Math.max(r.renewTime.getTime()-Date.now(),1e3))};return e.src=r.url,e.poster=n(r.url),d(),{get grant(){return r},destroy(){clearTimeout(c),e.removeAttribute("src"),e.load()}}}customElements.get("streamgate-player")||customElements.define("streamgate-player",M);function B(o){let a=/^\/v\/([^/]+)\/?$/.exec(o);return a?{page:"watch",id:decodeURIComponent(a[1])}:(a=/^\/embed\/([^/]+)\/?$/.exec(o),a?{page:"embed",id:decodeURIComponent(a[1])}:/^\/studio(\/|$)/.test(o)?{page:"studio"}:{page:"home"})}var C=class extends m{static{this.properties={route:{state:!0},video:{state:!0},videos:{state:!0},error:{state:!0},studio:{state:!0}}}static{this.styles=[f,v`
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
    `]}constructor(){super(),this.route=B(location.pathname),this.error="",this.studio=!1,addEventListener("popstate",()=>this.route=B(location.pathname))}connectedCallback(){super.connectedCallback();let a=this.route;a.page==="embed"&&(this.setAttribute("embed",""),document.body.style.margin="0"),a.page==="home"&&this.loadHome(),a.page==="studio"&&import("./studio-PD6B3REE.js").then(()=>this.studio=!0,e=>this.error=String(e)),document.title=a.page==="studio"?"Studio \xB7 StreamGate":"StreamGate"}async loadHome(){try{let a=await k(location.origin).sg.videos.listVideos({pageSize:50,status:w.Status.READY});this.videos=a.videos.filter(e=>e.visibility===w.Visibility.PUBLIC)}catch(a){this.error=y(a).message}}render(){let a=this.route;return a.page==="embed"?s`<main><streamgate-player video-id=${a.id} server=${location.origin}></streamgate-player></main>`:s`<header>
        <nav aria-label="Main"><a class="brand" href="/">StreamGate</a><a href="/studio">Studio</a></nav>
        <sg-wallet server=${location.origin}></sg-wallet>
      </header>
      <main>${this.page(a)}</main>`}page(a){switch(a.page){case"watch":return s`<streamgate-player video-id=${a.id} server=${location.origin} @video=${e=>this.watched(e.detail)}></streamgate-player>
          ${this.video?s`<h1>${this.video.title}</h1>
                ${this.video.tags.length?s`<p class="muted">${this.video.tags.map(e=>`#${e}`).join(" ")}</p>`:l}
                <p class="description">${this.video.description}</p>`:l}`;case"studio":return this.studio?s`<sg-studio></sg-studio>`:s`<p role="status">${this.error||"Loading the studio\u2026"}</p>`;default:return s`<h1>Videos</h1>
          ${this.error?s`<p class="error" role="alert">${this.error}</p>`:l}
          ${this.videos?.length===0?s`<p class="muted">No public videos yet. Creators upload from the <a href="/studio">studio</a>.</p>`:l}
          <ul class="cards">
            ${(this.videos??[]).map(e=>s`<li class="panel"><a href="/v/${e.id}"><strong>${e.title}</strong>
              <div class="muted">${e.gated?"For token holders":"Open to everyone signed in"}</div></a></li>`)}
          </ul>`}}watched(a){this.video=a,document.title=`${a.title} \xB7 StreamGate`}};customElements.define("sg-app",C);export{C as SgApp};
