import{a as v,b as s,c as o,d as p,e as x,f as b,g as C,h as u,i as I,j as E,k as g,m as S,o as T,p as L,q as y,r as P,s as k,t as m,u as w}from"./chunk-WJWBIXV3.js";import"./chunk-WOT6VMZA.js";var l=u.Status,$=class extends p{constructor(){super();this.contracts=new Map;this.onAccount=()=>{this.start()};this.server="",this.videoId="",this.view={k:"loading"}}static{this.properties={server:{type:String},videoId:{type:String,attribute:"video-id"},view:{state:!0},video:{state:!0},rule:{state:!0},evaluation:{state:!0},renewed:{state:!0}}}static{this.styles=[w,v`
      :host { display: block; max-width: 960px; }
      .screen {
        min-height: 14em; background: #111; color: #eee; border-radius: 10px; overflow: hidden;
        display: flex; align-items: center; justify-content: center;
      }
      .screen.video { aspect-ratio: 16 / 9; }
      .screen video { width: 100%; height: 100%; background: #000; }
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
    `]}connectedCallback(){super.connectedCallback(),this.hasUpdated&&this.videoId&&this.start()}disconnectedCallback(){super.disconnectedCallback(),this.stop(),this.acct?.removeEventListener("change",this.onAccount)}updated(e){(e.has("server")||e.has("videoId"))&&this.videoId&&this.start(),this.setAttribute("state",this.view.k)}get baseUrl(){return(this.server||location.origin).replace(/\/+$/,"")}stop(){this.abort?.abort(),this.playback?.destroy(),this.playback=void 0}async start(){this.stop();let e=this.abort=new AbortController,t=m(this.baseUrl);t!==this.acct&&(this.acct?.removeEventListener("change",this.onAccount),this.acct=t,t.addEventListener("change",this.onAccount)),this.evaluation=void 0,this.renewed=void 0;try{await this.flow(t,e.signal)}catch(i){e.signal.aborted||this.fail(i)}}async flow(e,t){(!this.video||this.video.id!==this.videoId)&&(this.view={k:"loading"});let i=(await e.sg.videos.getVideo({id:this.videoId},{signal:t})).video;if(this.video=i,this.dispatchEvent(new CustomEvent("video",{detail:i})),i.status===l.FAILED)return void(this.view={k:"failed",reason:i.failureReason||"no reason given"});if(i.status!==l.READY)return this.follow(e,t);if(this.rule=void 0,i.gated){let a=await e.sg.gate.getAccessRule({videoId:i.id},{signal:t});S(a.chains),this.contracts=L(a.contracts),this.rule=a.rule}if(!e.address)return this.rule?void(this.view={k:"signin"}):this.play(e,t);let d=e.address.toLowerCase()===i.ownerAddress.toLowerCase();if(this.rule&&!d){this.view={k:"checking"};let a=await e.sg.gate.checkAccess({videoId:i.id},{signal:t});if(this.evaluation=a.evaluation,!a.allowed)return void(this.view={k:"denied",reason:a.reason,evaluation:a.evaluation})}await this.play(e,t)}async follow(e,t){this.view={k:"processing",video:this.video};for await(let i of e.sg.watchVideo(this.videoId,t)){if(this.video=i,i.status===l.READY||i.status===l.FAILED)return this.flow(e,t);this.view={k:"processing",video:i}}}async play(e,t){this.view={k:"playing"},await this.updateComplete;let i=this.renderRoot.querySelector("video"),{default:d}=await import("./hls-NGXITRHW.js");t.throwIfAborted();let a=n=>this.fail(n),h=()=>this.renewed=new Date;if(d.isSupported()){let n=await E(e.sg,{Hls:d,media:i,videoId:this.videoId,onError:a,onRenew:h});if(t.aborted)return n.destroy();this.playback=n,i.poster=this.posterFor(n.grant.url)}else if(i.canPlayType("application/vnd.apple.mpegurl"))this.playback=await U(e,this.videoId,i,h,a,n=>this.posterFor(n));else throw new b("this browser cannot play HLS video",x.FailedPrecondition)}posterFor(e){if(this.video?.publicPoster)return this.publicPoster(this.video);let t=this.video?.duration,i=t?(Number(t.seconds)+t.nanos/1e9)/10:0;return e.replace(/master\.m3u8$/,`thumbnail.jpg?time=${i.toFixed(1)}&width=640`)}publicPoster(e){return`${this.baseUrl}/poster/${encodeURIComponent(e.id)}.jpg`}backdrop(){let e=this.video;return!e?.publicPoster||e.status!==l.READY?o:s`<img class="poster" data-testid="public-poster" src=${this.publicPoster(e)} alt="" />`}fail(e){let t=g(e);switch(t.kind){case"expired":if(!this.acct?.address)return void(this.view={k:"signin"});this.acct?.expire(),this.view={k:"expired"};return;case"unavailable":this.view={k:"unavailable",message:t.message};return;case"denied":{let i=b.from(e).findDetails(C.EvaluationSchema)[0]??this.evaluation;this.view={k:"denied",reason:t.message,evaluation:i};return}case"not-ready":this.start();return;default:this.view={k:"missing",message:t.message}}}render(){let e=this.video,t=this.view.k,i=t==="signin"||t==="denied"||t==="expired"||t==="checking"?this.backdrop():o;return s`<div class="screen ${t==="playing"?"video":i!==o?"posted":""}" aria-live="polite">${i}${this.screen()}</div>
      <div class="under">${this.under()}</div>
      ${e&&this.hasAttribute("titled")?s`<h1>${e.title}</h1><p>${e.description}</p>`:o}`}screen(){let e=this.view;switch(e.k){case"playing":return s`<video controls playsinline aria-label=${this.video?.title??"Video"}></video>`;case"loading":case"checking":return s`<p class="gate" role="status">${e.k==="loading"?"Loading\u2026":"Checking your wallet on the chain\u2026"}</p>`;case"missing":return s`<div class="gate" role="alert"><h2>Cannot play this video</h2><p>${e.message}</p></div>`;case"processing":{let t=Math.round((e.video.progress||0)*100),i=e.video.status===l.WAITING_UPLOAD?"waiting for its upload":e.video.status===l.UPLOADED?"queued for processing":`processing: ${t}%`;return s`<div class="gate" role="status" data-testid="processing">
          <h2>This video is not ready yet</h2><p>It is ${i}. This page will play it as soon as it is ready.</p>
          <progress max="100" value=${t} aria-label="Processing progress"></progress></div>`}case"failed":return s`<div class="gate" role="alert"><h2>This video could not be processed</h2><p>Reason: ${e.reason}</p>
          <p class="muted">Its creator can upload it again from the studio.</p></div>`;case"signin":return s`<div class="gate">${this.ask()}<sg-wallet server=${this.baseUrl}></sg-wallet></div>`;case"expired":return s`<div class="gate" role="alert"><h2>Your session has expired</h2><p>Sign in again to keep watching.</p>
          <sg-wallet server=${this.baseUrl}></sg-wallet></div>`;case"denied":return s`<div class="gate" role="alert" data-testid="denied"><h2>This wallet cannot watch this video</h2>
          <p>${e.reason||"It does not meet the video's access rule."}</p>
          ${this.rule?s`<p>What is asked: ${y(this.rule,this.contracts)}</p>`:o}
          <details open><summary>Why</summary>${k(e.evaluation)}</details>
          <div class="row">${this.switchButton()}<button class="secondary" @click=${()=>this.acct?.signOut()}>Use another wallet</button></div></div>`;case"unavailable":return s`<div class="gate" role="alert" data-testid="unavailable"><h2>We could not check access right now</h2>
          <p>${e.message}</p><button @click=${()=>this.start()}>Try again</button></div>`}}ask(){return this.rule?s`<h2>This video is for token holders</h2>
      <div data-testid="rule">To watch, ${y(this.rule,this.contracts)}.</div>
      <p class="muted">Sign in with your wallet: it signs a message, which costs nothing and sends no transaction.</p>
      ${this.switchButton()}`:s`<h2>${this.video?.title??"Sign in to watch"}</h2><p>Sign in with your wallet to watch this video.</p>`}switchButton(){let e=this.acct,t=this.rule?P(this.rule):[];if(!e?.wallet||t.length!==1||e.chainId===t[0])return o;let i=t[0];return s`<button class="secondary" @click=${()=>e.switchChain(i).catch(d=>this.fail(d))}>
      Switch wallet to ${T(i)}</button>`}under(){return this.view.k!=="playing"?o:this.acct?.address?s`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed?`Access renewed at ${this.renewed.toLocaleTimeString()}; it is checked again before each renewal.`:"Access granted; it renews by itself while you watch."}
      </div>
      ${this.evaluation?s`<details><summary>Why you may watch</summary>${k(this.evaluation)}</details>`:o}`:s`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed?`Open to everyone: no wallet needed. Access renewed at ${this.renewed.toLocaleTimeString()}.`:"Open to everyone: no wallet needed."}</div>`}};async function U(c,r,e,t,i,d){let a=await c.sg.authorize(r),h,n=()=>{h=setTimeout(async()=>{try{a=await I(c.sg,a.token);let f=e.currentTime,V=!e.paused;e.src=a.url,e.currentTime=f,V&&e.play(),t(),n()}catch(f){i(f)}},Math.max(a.renewTime.getTime()-Date.now(),1e3))};return e.src=a.url,e.poster=d(a.url),n(),{destroy(){clearTimeout(h),e.removeAttribute("src"),e.load()}}}customElements.get("streamgate-player")||customElements.define("streamgate-player",$);function R(c){let r=/^\/v\/([^/]+)\/?$/.exec(c);return r?{page:"watch",id:decodeURIComponent(r[1])}:(r=/^\/embed\/([^/]+)\/?$/.exec(c),r?{page:"embed",id:decodeURIComponent(r[1])}:/^\/studio(\/|$)/.test(c)?{page:"studio"}:{page:"home"})}var A=class extends p{static{this.properties={route:{state:!0},video:{state:!0},videos:{state:!0},error:{state:!0},studio:{state:!0}}}static{this.styles=[w,v`
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
    `]}constructor(){super(),this.route=R(location.pathname),this.error="",this.studio=!1,addEventListener("popstate",()=>this.route=R(location.pathname))}connectedCallback(){super.connectedCallback();let r=this.route;r.page==="embed"&&(this.setAttribute("embed",""),document.body.style.margin="0"),r.page==="home"&&this.loadHome(),r.page==="studio"&&import("./studio-3ZOXWOCR.js").then(()=>this.studio=!0,e=>this.error=String(e)),document.title=r.page==="studio"?"Studio \xB7 StreamGate":"StreamGate"}async loadHome(){try{let r=await m(location.origin).sg.videos.listVideos({pageSize:50,status:u.Status.READY});this.videos=r.videos.filter(e=>e.visibility===u.Visibility.PUBLIC)}catch(r){this.error=g(r).message}}render(){let r=this.route;return r.page==="embed"?s`<main><streamgate-player video-id=${r.id} server=${location.origin}></streamgate-player></main>`:s`<header>
        <nav aria-label="Main"><a class="brand" href="/">StreamGate</a><a href="/studio">Studio</a></nav>
        <sg-wallet server=${location.origin}></sg-wallet>
      </header>
      <main>${this.page(r)}</main>`}page(r){switch(r.page){case"watch":return s`<streamgate-player video-id=${r.id} server=${location.origin} @video=${e=>this.watched(e.detail)}></streamgate-player>
          ${this.video?s`<h1>${this.video.title}</h1>
                ${this.video.tags.length?s`<p class="muted">${this.video.tags.map(e=>`#${e}`).join(" ")}</p>`:o}
                <p class="description">${this.video.description}</p>`:o}`;case"studio":return this.studio?s`<sg-studio></sg-studio>`:s`<p role="status">${this.error||"Loading the studio\u2026"}</p>`;default:return s`<h1>Videos</h1>
          ${this.error?s`<p class="error" role="alert">${this.error}</p>`:o}
          ${this.videos?.length===0?s`<p class="muted">No public videos yet. Creators upload from the <a href="/studio">studio</a>.</p>`:o}
          <ul class="cards">
            ${(this.videos??[]).map(e=>s`<li class="panel"><a href="/v/${e.id}"><strong>${e.title}</strong>
              <div class="muted">${e.gated?"For token holders":"Open to everyone signed in"}</div></a></li>`)}
          </ul>`}}watched(r){this.video=r,document.title=`${r.title} \xB7 StreamGate`}};customElements.define("sg-app",A);export{A as SgApp};
