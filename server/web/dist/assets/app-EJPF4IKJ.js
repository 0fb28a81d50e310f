import{A as k,a as f,b as o,c as m,d,e as b,f as I,g as M,h as H,i as w,j as V,m as B,n as x,p as D,r as K,s as U,t as T,u as F,v as P,w as E,x as O,y as z,z as y}from"./chunk-2IFR6W4T.js";import"./chunk-WOT6VMZA.js";var p={play:m`<path fill="currentColor" d="M7 4v16l13-8z"/>`,pause:m`<path fill="currentColor" d="M6 4h4v16H6zM14 4h4v16h-4z"/>`,sound:m`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12"/>`,muted:m`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M16 9l6 6M22 9l-6 6"/>`,full:m`<path fill="none" stroke="currentColor" stroke-width="2" d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"/>`,exitFull:m`<path fill="none" stroke="currentColor" stroke-width="2" d="M9 4v5H4M20 9h-5V4M15 20v-5h5M4 15h5v5"/>`,pip:m`<rect x="2.5" y="4.5" width="19" height="15" rx="1.5" fill="none" stroke="currentColor" stroke-width="2"/><rect x="12" y="11" width="7" height="6" fill="currentColor"/>`,more:m`<circle cx="12" cy="5" r="2" fill="currentColor"/><circle cx="12" cy="12" r="2" fill="currentColor"/><circle cx="12" cy="19" r="2" fill="currentColor"/>`};function v(r){return o`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">${r}</svg>`}var S=[.5,.75,1,1.25,1.5,2];function $(r){return`${r}\xD7`}function j(r){let s=r.label||r.language||"Track";return r.language&&r.label&&!r.label.includes(r.language)?`${s} (${r.language})`:s}function N(r,s){let e=[...r.querySelectorAll("[role=menu] [role^=menuitem]")];if(!e.length)return;let t=r.activeElement?e.indexOf(r.activeElement):-1;if(s.key==="Escape")return s.preventDefault(),"close";let i=s.key==="ArrowDown"||s.key==="ArrowRight";if(!i&&s.key!=="ArrowUp"&&s.key!=="ArrowLeft")return;s.preventDefault();let n=i?(t+1)%e.length:(t<=0?e.length:t)-1;e[n]?.focus()}var q="streamgate.player.sound";function G(){try{let r=JSON.parse(localStorage.getItem(q)??"null");if(typeof r!="object"||r===null)return;let{volume:s,muted:e}=r;return typeof s!="number"||!(s>=0&&s<=1)||typeof e!="boolean"?void 0:{volume:s,muted:e}}catch{return}}function W(r){try{localStorage.setItem(q,JSON.stringify({volume:r.volume,muted:r.muted}))}catch{}}var J="Space k j l ArrowLeft ArrowRight ArrowUp ArrowDown m f c 0 1 2 3 4 5 6 7 8 9 Home End",Y=new Set(["ArrowLeft","ArrowRight","ArrowUp","ArrowDown","Home","End","PageUp","PageDown"]);function X(r){if(r.defaultPrevented||r.ctrlKey||r.metaKey||r.altKey||r.isComposing)return;let s=r.composedPath()[0],e=s instanceof Element?s:void 0;if(e?.localName==="input"&&e.type==="range"){if(Y.has(r.key))return}else if(e?.localName==="input"||e?.localName==="textarea"||e?.isContentEditable)return;let t=e?.localName==="button";if(e?.closest("[role=menu]")&&Y.has(r.key))return;let i=r.key.length===1?r.key.toLowerCase():r.key;switch(i){case" ":return t?void 0:{k:"play"};case"k":return{k:"play"};case"ArrowLeft":return{k:"seekBy",s:-5};case"ArrowRight":return{k:"seekBy",s:5};case"j":return{k:"seekBy",s:-10};case"l":return{k:"seekBy",s:10};case"ArrowUp":return{k:"volumeBy",d:.05};case"ArrowDown":return{k:"volumeBy",d:-.05};case"Home":return{k:"seekTo",fraction:0};case"End":return{k:"seekTo",fraction:1};case"m":return{k:"mute"};case"f":return{k:"full"};case"c":return{k:"captions"}}if(/^[0-9]$/.test(i))return{k:"seekTo",fraction:Number(i)/10}}var _=f`
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
`;var Z=new Set(["subtitles","captions"]),A=class extends b{constructor(){super();this.dragging=!1;this.lastVolume=1;this.time=0,this.duration=0,this.paused=!0,this.muted=!1,this.volume=1,this.rate=1,this.tracks=[],this.menu="",this.full=!1,this.pip=!1,this.pipOk=!1}static{this.properties={media:{attribute:!1},storyboard:{attribute:!1},sheetBase:{attribute:!1},screen:{attribute:!1},time:{state:!0},duration:{state:!0},paused:{state:!0},muted:{state:!0},volume:{state:!0},rate:{state:!0},hover:{state:!0},tracks:{state:!0},menu:{state:!0},full:{state:!0},pip:{state:!0},pipOk:{state:!0}}}static{this.styles=[k,_]}disconnectedCallback(){super.disconnectedCallback(),this.detach?.(),this.detach=void 0}connectedCallback(){super.connectedCallback(),this.media&&!this.detach&&this.attach(this.media)}willUpdate(e){e.has("media")&&(this.detach?.(),this.detach=void 0,this.media&&this.attach(this.media))}attach(e){let t=G();t&&(e.volume=t.volume,e.muted=t.muted);let i=()=>{this.dragging||(this.time=e.currentTime),this.duration=te(e,this.storyboard),this.paused=e.paused,this.muted=e.muted||e.volume===0,this.volume=e.volume,e.volume>0&&(this.lastVolume=e.volume),this.rate=e.playbackRate,this.pipOk=ee(e),this.pip=L(e).pictureInPictureElement===e},n=()=>W({volume:e.volume,muted:e.muted}),a=()=>this.tracks=[...e.textTracks].filter(h=>Z.has(h.kind)),c=()=>this.full=!!this.screen&&L(this.screen).fullscreenElement===this.screen,u=["timeupdate","durationchange","loadedmetadata","play","pause","volumechange","seeked","progress","ratechange","enterpictureinpicture","leavepictureinpicture"];for(let h of u)e.addEventListener(h,i);e.addEventListener("volumechange",n);let l=["addtrack","removetrack","change"];for(let h of l)e.textTracks.addEventListener(h,a);document.addEventListener("fullscreenchange",c),i(),a(),this.detach=()=>{for(let h of u)e.removeEventListener(h,i);e.removeEventListener("volumechange",n);for(let h of l)e.textTracks.removeEventListener(h,a);document.removeEventListener("fullscreenchange",c)}}render(){let e=this.duration,t=`${y(this.time)} of ${y(e)}`;return o`<div class="bar">
      <button data-testid="play" aria-label=${this.paused?"Play":"Pause"} title=${this.paused?"Play (k)":"Pause (k)"}
        aria-keyshortcuts="k" @click=${this.togglePlay}>${v(this.paused?p.play:p.pause)}</button>
      <div class="seek">
        ${this.preview()}
        <input type="range" aria-label="Seek" data-testid="seek" min="0" max=${e||0} step="any" .value=${String(this.time)}
          aria-valuenow=${Math.round(this.time)} aria-valuetext=${t} ?disabled=${!e}
          @input=${this.onInput} @change=${this.onChange} @keydown=${this.onKey} @blur=${this.unhover}
          @pointermove=${this.onPointer} @pointerdown=${this.onPointerDown} @pointerleave=${this.onLeave}>
      </div>
      <span class="time" aria-hidden="true">${y(this.time)} / ${y(e)}</span>
      ${this.sound()}
      ${this.captions()}
      ${this.speedMenu()}
      ${this.pipOk?o`<button class="wide" data-testid="pip" aria-label=${this.pip?"Exit picture in picture":"Picture in picture"}
        title="Picture in picture" aria-pressed=${this.pip?"true":"false"} @click=${this.togglePip}>${v(p.pip)}</button>`:d}
      ${this.moreMenu()}
      <button data-testid="full" aria-label=${this.full?"Exit full screen":"Full screen"} title=${this.full?"Exit full screen (f)":"Full screen (f)"}
        aria-keyshortcuts="f" @click=${this.toggleFull}>${v(this.full?p.exitFull:p.full)}</button>
    </div>`}sound(){let e=this.muted?0:Math.round(this.volume*100);return o`<div class="sound">
      <button data-testid="mute" aria-label=${this.muted?"Unmute":"Mute"} title=${this.muted?"Unmute (m)":"Mute (m)"}
        aria-keyshortcuts="m" @click=${this.toggleMute}>${v(this.muted?p.muted:p.sound)}</button>
      <input class="volume" type="range" data-testid="volume" aria-label="Volume" min="0" max="100" step="5" .value=${String(e)}
        aria-valuenow=${e} aria-valuetext=${this.muted?"muted":`${e}%`} @input=${this.onVolume}>
    </div>`}onVolume(e){let t=this.media;if(!t)return;let i=Number(e.target.value)/100;t.volume=i,i>0&&(t.muted=!1)}preview(){if(!this.storyboard||!this.sheetBase)return d;let e=this.hover;return o`<div class="preview" data-testid="seek-preview" ?hidden=${!e} aria-hidden="true">
      <div class="tile" data-testid="seek-tile"></div>
      <div class="at" data-testid="seek-time">${y(e?.t??0)}</div>
    </div>`}updated(){this.fitMenu(),this.placePreview()}fitMenu(){let e=this.renderRoot.querySelector("[role=menu]"),t=(this.screen??this.offsetParent)?.getBoundingClientRect().top;if(!e||t===void 0)return;let i=e.parentElement.getBoundingClientRect().top-t-8;e.style.maxHeight=`${Math.max(i,96)}px`}placePreview(){let e=this.storyboard,t=this.renderRoot.querySelector(".preview"),i=this.renderRoot.querySelector(".tile");if(!e||!t||!i||!this.sheetBase)return;let n=this.hover,a=O(e,n?.t??0),c=this.renderRoot.querySelector(".seek")?.clientWidth??0,u=a.width/2+2,l=c>a.width+4?Math.min(Math.max((n?.at??0)*c,u),c-u):c/2;t.style.left=`${l}px`,i.style.width=`${a.width}px`,i.style.height=`${a.height}px`,i.style.backgroundImage=n?`url("${this.sheetBase()+a.url}")`:"none",i.style.backgroundPosition=`${-a.x}px ${-a.y}px`}fraction(e){let t=e.currentTarget.getBoundingClientRect();return t.width?Math.min(Math.max((e.clientX-t.left)/t.width,0),1):0}onPointer(e){if(this.dragging||!this.duration)return;let t=this.fraction(e);this.hover={t:t*this.duration,at:t}}onPointerDown(){this.dragging=!0;let e=()=>{this.dragging=!1,removeEventListener("pointerup",e),removeEventListener("pointercancel",e),this.hover=void 0};addEventListener("pointerup",e),addEventListener("pointercancel",e)}onLeave(){this.dragging||(this.hover=void 0)}unhover(){this.hover=void 0}showValue(e){this.hover={t:e,at:this.duration?e/this.duration:0}}onInput(e){let t=Number(e.target.value);this.time=t,this.showValue(t),this.media&&(this.media.currentTime=t)}onChange(){this.dragging||(this.hover=void 0)}onKey(e){let t=this.media;if(!t||!this.duration)return;let i=this.duration,n={ArrowRight:5,ArrowUp:5,ArrowLeft:-5,ArrowDown:-5,PageUp:i/10,PageDown:-i/10},a;if(e.key in n)a=this.time+n[e.key];else if(e.key==="Home")a=0;else if(e.key==="End")a=i;else return;e.preventDefault(),a=Math.min(Math.max(a,0),i),this.time=a,t.currentTime=a,this.showValue(a)}togglePlay(){let e=this.media;e&&(e.paused?e.play().catch(()=>{}):e.pause())}toggleMute(){let e=this.media;e&&(e.muted||e.volume===0?(e.volume===0&&(e.volume=this.lastVolume),e.muted=!1):e.muted=!0)}toggleFull(){document.fullscreenElement?document.exitFullscreen().catch(()=>{}):this.screen?.requestFullscreen?.().catch(()=>{})}togglePip(){let e=this.media;this.menu="",e&&(L(e).pictureInPictureElement===e?document.exitPictureInPicture().catch(()=>{}):e.requestPictureInPicture().catch(()=>{}))}setRate(e,t){let i=this.media;i&&(i.defaultPlaybackRate=e,i.playbackRate=e),this.closeMenu(t)}shortcut(e){let t=this.media,i=t&&X(e);if(!(!t||!i))switch(e.preventDefault(),i.k){case"play":return this.togglePlay();case"seekBy":case"seekTo":{let n=this.duration;if(!n)return;let a=Math.min(Math.max(i.k==="seekBy"?t.currentTime+i.s:i.fraction*n,0),n);this.time=a,t.currentTime=a;return}case"volumeBy":t.volume=Math.min(Math.max(Math.round((t.volume+i.d)*100)/100,0),1),i.d>0&&(t.muted=!1);return;case"mute":return this.toggleMute();case"full":return this.toggleFull();case"captions":return this.toggleCaptions()}}opener(e,t,i,n=""){return o`<button data-testid=${e} class=${n} aria-label=${t} aria-haspopup="menu" aria-expanded=${this.menu===e?"true":"false"}
      @click=${()=>this.menu=this.menu===e?"":e}>${i}</button>`}captions(){if(!this.tracks.length)return d;let e=this.tracks.find(t=>t.mode==="showing");return o`<div class="pop" @keydown=${t=>this.menuKey(t,"cc")}>
      <button data-testid="cc" aria-label="Subtitles and captions" title="Subtitles and captions (c)" aria-keyshortcuts="c" aria-haspopup="menu"
        aria-expanded=${this.menu==="cc"?"true":"false"} aria-pressed=${e?"true":"false"}
        @click=${()=>this.menu=this.menu==="cc"?"":"cc"}>CC</button>
      ${this.menu==="cc"?o`<ul role="menu" aria-label="Subtitles and captions">
        <li role="none"><button role="menuitemradio" aria-checked=${e?"false":"true"} @click=${()=>this.choose(void 0)}>Off</button></li>
        ${this.tracks.map(t=>o`<li role="none"><button role="menuitemradio" aria-checked=${t===e?"true":"false"}
          @click=${()=>this.choose(t)}>${j(t)}</button></li>`)}
      </ul>`:d}
    </div>`}speedMenu(){return o`<div class="pop wide" @keydown=${e=>this.menuKey(e,"speed")}>
      ${this.opener("speed",`Playback speed: ${$(this.rate)}`,$(this.rate),"rate")}
      ${this.menu==="speed"?o`<ul role="menu" aria-label="Playback speed">
        ${S.map(e=>o`<li role="none"><button role="menuitemradio" aria-checked=${e===this.rate?"true":"false"}
          @click=${()=>this.setRate(e,"speed")}>${e===1?"1\xD7 (normal)":$(e)}</button></li>`)}
      </ul>`:d}
    </div>`}moreMenu(){return o`<div class="pop more" @keydown=${e=>this.menuKey(e,"more")}>
      ${this.opener("more","More options",v(p.more))}
      ${this.menu==="more"?o`<ul role="menu" aria-label="More options">
        <li role="presentation" class="head" aria-hidden="true">Speed</li>
        <li role="none"><div role="group" aria-label="Playback speed" class="speeds">
          ${S.map(e=>o`<button role="menuitemradio" aria-checked=${e===this.rate?"true":"false"}
            @click=${()=>this.setRate(e,"more")}>${$(e)}</button>`)}
        </div></li>
        ${this.pipOk?o`<li role="none"><button role="menuitem" @click=${this.togglePip}>
          ${v(p.pip)} ${this.pip?"Exit picture in picture":"Picture in picture"}</button></li>`:d}
      </ul>`:d}
    </div>`}choose(e,t=!0){let i=this.tracks.find(n=>n.mode==="showing");i&&(this.lastTrack=i);for(let n of this.tracks)n!==e&&(n.mode="disabled");e&&(e.mode="showing"),this.tracks=[...this.tracks],t&&this.closeMenu("cc")}toggleCaptions(){if(!this.tracks.length)return;let e=this.tracks.find(i=>i.mode==="showing"),t=this.lastTrack&&this.tracks.includes(this.lastTrack)?this.lastTrack:this.tracks[0];this.choose(e?void 0:t,!1)}closeMenu(e){this.menu="",this.updateComplete.then(()=>this.renderRoot.querySelector(`[data-testid=${e}]`)?.focus())}menuKey(e,t){this.menu&&N(this.renderRoot,e)==="close"&&this.closeMenu(t)}};function L(r){return r.getRootNode()}function ee(r){return document.pictureInPictureEnabled&&typeof r.requestPictureInPicture=="function"&&!r.disablePictureInPicture&&r.readyState>=1&&r.videoWidth>0}function te(r,s){return Number.isFinite(r.duration)&&r.duration>0?r.duration:r.seekable.length?r.seekable.end(r.seekable.length-1):s?.duration??0}customElements.get("sg-controls")||customElements.define("sg-controls",A);var g=w.Status,C=class extends b{constructor(){super();this.contracts=new Map;this.onAccount=()=>{this.start()};this.sheetBase=()=>this.playback?.grant.url.replace(/master\.m3u8$/,"")??"";this.server="",this.videoId="",this.view={k:"loading"}}static{this.properties={server:{type:String},videoId:{type:String,attribute:"video-id"},view:{state:!0},video:{state:!0},rule:{state:!0},evaluation:{state:!0},renewed:{state:!0},storyboard:{state:!0},media:{state:!0}}}static{this.styles=[k,f`
      :host { display: block; max-width: 960px; }
      .screen {
        min-height: 14em; background: #111; color: #eee; border-radius: 10px; overflow: hidden;
        display: flex; align-items: center; justify-content: center;
      }
      .screen.video { display: flex; flex-direction: column; align-items: stretch; }
      .screen.video video { width: 100%; aspect-ratio: 16 / 9; background: #000; display: block; }
      .screen.video video:focus { outline: none; }
      .screen.video video:focus-visible { outline: 3px solid #f0a000; outline-offset: -3px; }
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
    `]}connectedCallback(){super.connectedCallback(),this.hasUpdated&&this.videoId&&this.start()}disconnectedCallback(){super.disconnectedCallback(),this.stop(),this.acct?.removeEventListener("change",this.onAccount)}updated(e){(e.has("server")||e.has("videoId"))&&this.videoId&&this.start(),this.setAttribute("state",this.view.k)}get baseUrl(){return(this.server||location.origin).replace(/\/+$/,"")}stop(){this.abort?.abort(),this.playback?.destroy(),this.playback=void 0,this.storyboard=void 0,this.media=void 0}async start(){this.stop();let e=this.abort=new AbortController,t=E(this.baseUrl);t!==this.acct&&(this.acct?.removeEventListener("change",this.onAccount),this.acct=t,t.addEventListener("change",this.onAccount)),this.evaluation=void 0,this.renewed=void 0;try{await this.flow(t,e.signal)}catch(i){e.signal.aborted||this.fail(i)}}async flow(e,t){(!this.video||this.video.id!==this.videoId)&&(this.view={k:"loading"});let i=(await e.sg.videos.getVideo({id:this.videoId},{signal:t})).video;if(this.video=i,this.dispatchEvent(new CustomEvent("video",{detail:i})),i.status===g.FAILED)return void(this.view={k:"failed",reason:i.failureReason||"no reason given"});if(i.status!==g.READY)return this.follow(e,t);if(this.rule=void 0,i.gated){let a=await e.sg.gate.getAccessRule({videoId:i.id},{signal:t});D(a.chains),this.contracts=U(a.contracts),this.rule=a.rule}if(!e.address)return this.rule?void(this.view={k:"signin"}):this.play(e,t);let n=e.address.toLowerCase()===i.ownerAddress.toLowerCase();if(this.rule&&!n){this.view={k:"checking"};let a=await e.sg.gate.checkAccess({videoId:i.id},{signal:t});if(this.evaluation=a.evaluation,!a.allowed)return void(this.view={k:"denied",reason:a.reason,evaluation:a.evaluation})}await this.play(e,t)}async follow(e,t){this.view={k:"processing",video:this.video};for await(let i of e.sg.watchVideo(this.videoId,t)){if(this.video=i,i.status===g.READY||i.status===g.FAILED)return this.flow(e,t);this.view={k:"processing",video:i}}}async play(e,t){this.view={k:"playing"},await this.updateComplete;let i=this.renderRoot.querySelector("video");this.media=i;let{default:n}=await import("./hls-NGXITRHW.js");t.throwIfAborted();let a=l=>this.fail(l),c=()=>this.renewed=new Date;if(n.isSupported()){let l=await B(e.sg,{Hls:n,media:i,videoId:this.videoId,onError:a,onRenew:c});if(t.aborted)return l.destroy();this.playback=l,i.poster=this.posterFor(l.grant.url)}else if(i.canPlayType("application/vnd.apple.mpegurl"))this.playback=await ie(e,this.videoId,i,c,a,l=>this.posterFor(l));else throw new M("this browser cannot play HLS video",I.FailedPrecondition);let u=await z(this.playback.grant.url,t);t.aborted||!u||(this.storyboard=u,new Image().src=this.sheetBase()+u.tiles[0].url)}posterFor(e){if(this.video?.publicPoster)return this.publicPoster(this.video);let t=this.video?.duration,i=t?(Number(t.seconds)+t.nanos/1e9)/10:0;return e.replace(/master\.m3u8$/,`thumbnail.jpg?time=${i.toFixed(1)}&width=640`)}publicPoster(e){return`${this.baseUrl}/poster/${encodeURIComponent(e.id)}.jpg`}backdrop(){let e=this.video;return!e?.publicPoster||e.status!==g.READY?d:o`<img class="poster" data-testid="public-poster" src=${this.publicPoster(e)} alt="" />`}fail(e){let t=x(e);switch(t.kind){case"expired":if(!this.acct?.address)return void(this.view={k:"signin"});this.acct?.expire(),this.view={k:"expired"};return;case"unavailable":this.view={k:"unavailable",message:t.message};return;case"denied":{let i=M.from(e).findDetails(H.EvaluationSchema)[0]??this.evaluation;this.view={k:"denied",reason:t.message,evaluation:i};return}case"not-ready":this.start();return;default:this.view={k:"missing",message:t.message}}}render(){let e=this.video,t=this.view.k,i=t==="signin"||t==="denied"||t==="expired"||t==="checking"?this.backdrop():d;return o`<div class="screen ${t==="playing"?"video":i!==d?"posted":""}" aria-live="polite" @keydown=${this.onKey}>${i}${this.screen()}</div>
      <div class="under">${this.under()}</div>
      ${e&&this.hasAttribute("titled")?o`<h1>${e.title}</h1><p>${e.description}</p>`:d}`}screen(){let e=this.view;switch(e.k){case"playing":return o`<video playsinline tabindex="0" aria-label=${this.video?.title??"Video"} aria-keyshortcuts=${J}
            @click=${this.togglePlay}></video>
          <sg-controls .media=${this.media} .storyboard=${this.storyboard} .sheetBase=${this.sheetBase}
            .screen=${this.renderRoot.querySelector(".screen")??void 0}></sg-controls>`;case"loading":case"checking":return o`<p class="gate" role="status">${e.k==="loading"?"Loading\u2026":"Checking your wallet on the chain\u2026"}</p>`;case"missing":return o`<div class="gate" role="alert"><h2>Cannot play this video</h2><p>${e.message}</p></div>`;case"processing":{let t=Math.round((e.video.progress||0)*100),i=e.video.status===g.WAITING_UPLOAD?"waiting for its upload":e.video.status===g.UPLOADED?"queued for processing":`processing: ${t}%`;return o`<div class="gate" role="status" data-testid="processing">
          <h2>This video is not ready yet</h2><p>It is ${i}. This page will play it as soon as it is ready.</p>
          <progress max="100" value=${t} aria-label="Processing progress"></progress></div>`}case"failed":return o`<div class="gate" role="alert"><h2>This video could not be processed</h2><p>Reason: ${e.reason}</p>
          <p class="muted">Its creator can upload it again from the studio.</p></div>`;case"signin":return o`<div class="gate">${this.ask()}<sg-wallet server=${this.baseUrl}></sg-wallet></div>`;case"expired":return o`<div class="gate" role="alert"><h2>Your session has expired</h2><p>Sign in again to keep watching.</p>
          <sg-wallet server=${this.baseUrl}></sg-wallet></div>`;case"denied":return o`<div class="gate" role="alert" data-testid="denied"><h2>This wallet cannot watch this video</h2>
          <p>${e.reason||"It does not meet the video's access rule."}</p>
          ${this.rule?o`<p>What is asked: ${T(this.rule,this.contracts)}</p>`:d}
          <details open><summary>Why</summary>${P(e.evaluation)}</details>
          <div class="row">${this.switchButton()}<button class="secondary" @click=${()=>this.acct?.signOut()}>Use another wallet</button></div></div>`;case"unavailable":return o`<div class="gate" role="alert" data-testid="unavailable"><h2>We could not check access right now</h2>
          <p>${e.message}</p><button @click=${()=>this.start()}>Try again</button></div>`}}onKey(e){this.view.k==="playing"&&this.renderRoot.querySelector("sg-controls")?.shortcut(e)}togglePlay(e){let t=e.currentTarget;t.paused?t.play().catch(()=>{}):t.pause()}ask(){return this.rule?o`<h2>This video is for token holders</h2>
      <div data-testid="rule">To watch, ${T(this.rule,this.contracts)}.</div>
      <p class="muted">Sign in with your wallet: it signs a message, which costs nothing and sends no transaction.</p>
      ${this.switchButton()}`:o`<h2>${this.video?.title??"Sign in to watch"}</h2><p>Sign in with your wallet to watch this video.</p>`}switchButton(){let e=this.acct,t=this.rule?F(this.rule):[];if(!e?.wallet||t.length!==1||e.chainId===t[0])return d;let i=t[0];return o`<button class="secondary" @click=${()=>e.switchChain(i).catch(n=>this.fail(n))}>
      Switch wallet to ${K(i)}</button>`}under(){return this.view.k!=="playing"?d:this.acct?.address?o`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed?`Access renewed at ${this.renewed.toLocaleTimeString()}; it is checked again before each renewal.`:"Access granted; it renews by itself while you watch."}
      </div>
      ${this.evaluation?o`<details><summary>Why you may watch</summary>${P(this.evaluation)}</details>`:d}`:o`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed?`Open to everyone: no wallet needed. Access renewed at ${this.renewed.toLocaleTimeString()}.`:"Open to everyone: no wallet needed."}</div>`}};async function ie(r,s,e,t,i,n){let a=await r.sg.authorize(s),c,u=()=>{c=setTimeout(async()=>{try{a=await V(r.sg,a.token);let l=e.currentTime,h=!e.paused;e.src=a.url,e.currentTime=l,h&&e.play(),t(),u()}catch(l){i(l)}},Math.max(a.renewTime.getTime()-Date.now(),1e3))};return e.src=a.url,e.poster=n(a.url),u(),{get grant(){return a},destroy(){clearTimeout(c),e.removeAttribute("src"),e.load()}}}customElements.get("streamgate-player")||customElements.define("streamgate-player",C);function Q(r){let s=/^\/v\/([^/]+)\/?$/.exec(r);return s?{page:"watch",id:decodeURIComponent(s[1])}:(s=/^\/embed\/([^/]+)\/?$/.exec(r),s?{page:"embed",id:decodeURIComponent(s[1])}:/^\/studio(\/|$)/.test(r)?{page:"studio"}:{page:"home"})}var R=class extends b{static{this.properties={route:{state:!0},video:{state:!0},videos:{state:!0},error:{state:!0},studio:{state:!0}}}static{this.styles=[k,f`
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
    `]}constructor(){super(),this.route=Q(location.pathname),this.error="",this.studio=!1,addEventListener("popstate",()=>this.route=Q(location.pathname))}connectedCallback(){super.connectedCallback();let s=this.route;s.page==="embed"&&(this.setAttribute("embed",""),document.body.style.margin="0"),s.page==="home"&&this.loadHome(),s.page==="studio"&&import("./studio-ELKGSTLJ.js").then(()=>this.studio=!0,e=>this.error=String(e)),document.title=s.page==="studio"?"Studio \xB7 StreamGate":"StreamGate"}async loadHome(){try{let s=await E(location.origin).sg.videos.listVideos({pageSize:50,status:w.Status.READY});this.videos=s.videos.filter(e=>e.visibility===w.Visibility.PUBLIC)}catch(s){this.error=x(s).message}}render(){let s=this.route;return s.page==="embed"?o`<main><streamgate-player video-id=${s.id} server=${location.origin}></streamgate-player></main>`:o`<header>
        <nav aria-label="Main"><a class="brand" href="/">StreamGate</a><a href="/studio">Studio</a></nav>
        <sg-wallet server=${location.origin}></sg-wallet>
      </header>
      <main>${this.page(s)}</main>`}page(s){switch(s.page){case"watch":return o`<streamgate-player video-id=${s.id} server=${location.origin} @video=${e=>this.watched(e.detail)}></streamgate-player>
          ${this.video?o`<h1>${this.video.title}</h1>
                ${this.video.tags.length?o`<p class="muted">${this.video.tags.map(e=>`#${e}`).join(" ")}</p>`:d}
                <p class="description">${this.video.description}</p>`:d}`;case"studio":return this.studio?o`<sg-studio></sg-studio>`:o`<p role="status">${this.error||"Loading the studio\u2026"}</p>`;default:return o`<h1>Videos</h1>
          ${this.error?o`<p class="error" role="alert">${this.error}</p>`:d}
          ${this.videos?.length===0?o`<p class="muted">No public videos yet. Creators upload from the <a href="/studio">studio</a>.</p>`:d}
          <ul class="cards">
            ${(this.videos??[]).map(e=>o`<li class="panel"><a href="/v/${e.id}"><strong>${e.title}</strong>
              <div class="muted">${e.gated?"For token holders":"Open to everyone signed in"}</div></a></li>`)}
          </ul>`}}watched(s){this.video=s,document.title=`${s.title} \xB7 StreamGate`}};customElements.define("sg-app",R);export{R as SgApp};
