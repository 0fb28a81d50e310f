import{a as v,b as i,c as n,d as p,e as A,f,g as x,h as u,i as C,j as I,k as g,m as S,o as E,p as T,q as y,r as L,s as b,t as m,u as w}from"./chunk-YG3INF7D.js";import"./chunk-WOT6VMZA.js";var l=u.Status,k=class extends p{constructor(){super();this.contracts=new Map;this.onAccount=()=>{this.start()};this.server="",this.videoId="",this.view={k:"loading"}}static{this.properties={server:{type:String},videoId:{type:String,attribute:"video-id"},view:{state:!0},video:{state:!0},rule:{state:!0},evaluation:{state:!0},renewed:{state:!0}}}static{this.styles=[w,v`
      :host { display: block; max-width: 960px; }
      .screen {
        min-height: 14em; background: #111; color: #eee; border-radius: 10px; overflow: hidden;
        display: flex; align-items: center; justify-content: center;
      }
      .screen.video { aspect-ratio: 16 / 9; }
      .screen video { width: 100%; height: 100%; background: #000; }
      .gate { padding: 1em; max-width: 40em; overflow: auto; max-height: 100%; }
      .gate a { color: #aab4ff; }
      .gate .muted, .gate .detail { color: #b8b8c4; }
      .gate .ok { color: #5fd37a; }
      .gate .no { color: #ff7b82; }
      .gate h2 { font-size: 1.15em; margin: 0 0 0.4em; }
      .under { margin-top: 0.5em; }
      details { margin-top: 0.5em; }
    `]}connectedCallback(){super.connectedCallback(),this.hasUpdated&&this.videoId&&this.start()}disconnectedCallback(){super.disconnectedCallback(),this.stop(),this.acct?.removeEventListener("change",this.onAccount)}updated(e){(e.has("server")||e.has("videoId"))&&this.videoId&&this.start(),this.setAttribute("state",this.view.k)}get baseUrl(){return(this.server||location.origin).replace(/\/+$/,"")}stop(){this.abort?.abort(),this.playback?.destroy(),this.playback=void 0}async start(){this.stop();let e=this.abort=new AbortController,t=m(this.baseUrl);t!==this.acct&&(this.acct?.removeEventListener("change",this.onAccount),this.acct=t,t.addEventListener("change",this.onAccount)),this.evaluation=void 0,this.renewed=void 0;try{await this.flow(t,e.signal)}catch(s){e.signal.aborted||this.fail(s)}}async flow(e,t){(!this.video||this.video.id!==this.videoId)&&(this.view={k:"loading"});let s=(await e.sg.videos.getVideo({id:this.videoId},{signal:t})).video;if(this.video=s,this.dispatchEvent(new CustomEvent("video",{detail:s})),s.status===l.FAILED)return void(this.view={k:"failed",reason:s.failureReason||"no reason given"});if(s.status!==l.READY)return this.follow(e,t);if(this.rule=void 0,s.gated){let r=await e.sg.gate.getAccessRule({videoId:s.id},{signal:t});S(r.chains),this.contracts=T(r.contracts),this.rule=r.rule}if(!e.address)return this.rule?void(this.view={k:"signin"}):this.play(e,t);let o=e.address.toLowerCase()===s.ownerAddress.toLowerCase();if(this.rule&&!o){this.view={k:"checking"};let r=await e.sg.gate.checkAccess({videoId:s.id},{signal:t});if(this.evaluation=r.evaluation,!r.allowed)return void(this.view={k:"denied",reason:r.reason,evaluation:r.evaluation})}await this.play(e,t)}async follow(e,t){this.view={k:"processing",video:this.video};for await(let s of e.sg.watchVideo(this.videoId,t)){if(this.video=s,s.status===l.READY||s.status===l.FAILED)return this.flow(e,t);this.view={k:"processing",video:s}}}async play(e,t){this.view={k:"playing"},await this.updateComplete;let s=this.renderRoot.querySelector("video"),{default:o}=await import("./hls.light-BGIE4NRJ.js");t.throwIfAborted();let r=d=>this.fail(d),h=()=>this.renewed=new Date;if(o.isSupported()){let d=await I(e.sg,{Hls:o,media:s,videoId:this.videoId,onError:r,onRenew:h});if(t.aborted)return d.destroy();this.playback=d,s.poster=d.grant.url.replace(/master\.m3u8$/,"poster.jpg")}else if(s.canPlayType("application/vnd.apple.mpegurl"))this.playback=await P(e,this.videoId,s,h,r);else throw new f("this browser cannot play HLS video",A.FailedPrecondition)}fail(e){let t=g(e);switch(t.kind){case"expired":if(!this.acct?.address)return void(this.view={k:"signin"});this.acct?.expire(),this.view={k:"expired"};return;case"unavailable":this.view={k:"unavailable",message:t.message};return;case"denied":{let s=f.from(e).findDetails(x.EvaluationSchema)[0]??this.evaluation;this.view={k:"denied",reason:t.message,evaluation:s};return}case"not-ready":this.start();return;default:this.view={k:"missing",message:t.message}}}render(){let e=this.video;return i`<div class="screen ${this.view.k==="playing"?"video":""}" aria-live="polite">${this.screen()}</div>
      <div class="under">${this.under()}</div>
      ${e&&this.hasAttribute("titled")?i`<h1>${e.title}</h1><p>${e.description}</p>`:n}`}screen(){let e=this.view;switch(e.k){case"playing":return i`<video controls playsinline aria-label=${this.video?.title??"Video"}></video>`;case"loading":case"checking":return i`<p class="gate" role="status">${e.k==="loading"?"Loading\u2026":"Checking your wallet on the chain\u2026"}</p>`;case"missing":return i`<div class="gate" role="alert"><h2>Cannot play this video</h2><p>${e.message}</p></div>`;case"processing":{let t=Math.round((e.video.progress||0)*100),s=e.video.status===l.WAITING_UPLOAD?"waiting for its upload":e.video.status===l.UPLOADED?"queued for processing":`processing: ${t}%`;return i`<div class="gate" role="status" data-testid="processing">
          <h2>This video is not ready yet</h2><p>It is ${s}. This page will play it as soon as it is ready.</p>
          <progress max="100" value=${t} aria-label="Processing progress"></progress></div>`}case"failed":return i`<div class="gate" role="alert"><h2>This video could not be processed</h2><p>Reason: ${e.reason}</p>
          <p class="muted">Its creator can upload it again from the studio.</p></div>`;case"signin":return i`<div class="gate">${this.ask()}<sg-wallet server=${this.baseUrl}></sg-wallet></div>`;case"expired":return i`<div class="gate" role="alert"><h2>Your session has expired</h2><p>Sign in again to keep watching.</p>
          <sg-wallet server=${this.baseUrl}></sg-wallet></div>`;case"denied":return i`<div class="gate" role="alert" data-testid="denied"><h2>This wallet cannot watch this video</h2>
          <p>${e.reason||"It does not meet the video's access rule."}</p>
          ${this.rule?i`<p>What is asked: ${y(this.rule,this.contracts)}</p>`:n}
          <details open><summary>Why</summary>${b(e.evaluation)}</details>
          <div class="row">${this.switchButton()}<button class="secondary" @click=${()=>this.acct?.signOut()}>Use another wallet</button></div></div>`;case"unavailable":return i`<div class="gate" role="alert" data-testid="unavailable"><h2>We could not check access right now</h2>
          <p>${e.message}</p><button @click=${()=>this.start()}>Try again</button></div>`}}ask(){return this.rule?i`<h2>This video is for token holders</h2>
      <div data-testid="rule">To watch, ${y(this.rule,this.contracts)}.</div>
      <p class="muted">Sign in with your wallet: it signs a message, which costs nothing and sends no transaction.</p>
      ${this.switchButton()}`:i`<h2>${this.video?.title??"Sign in to watch"}</h2><p>Sign in with your wallet to watch this video.</p>`}switchButton(){let e=this.acct,t=this.rule?L(this.rule):[];if(!e?.wallet||t.length!==1||e.chainId===t[0])return n;let s=t[0];return i`<button class="secondary" @click=${()=>e.switchChain(s).catch(o=>this.fail(o))}>
      Switch wallet to ${E(s)}</button>`}under(){return this.view.k!=="playing"?n:this.acct?.address?i`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed?`Access renewed at ${this.renewed.toLocaleTimeString()}; it is checked again before each renewal.`:"Access granted; it renews by itself while you watch."}
      </div>
      ${this.evaluation?i`<details><summary>Why you may watch</summary>${b(this.evaluation)}</details>`:n}`:i`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed?`Open to everyone: no wallet needed. Access renewed at ${this.renewed.toLocaleTimeString()}.`:"Open to everyone: no wallet needed."}</div>`}};async function P(c,a,e,t,s){let o=await c.sg.authorize(a),r,h=()=>{r=setTimeout(async()=>{try{o=await C(c.sg,o.token);let d=e.currentTime,V=!e.paused;e.src=o.url,e.currentTime=d,V&&e.play(),t(),h()}catch(d){s(d)}},Math.max(o.renewTime.getTime()-Date.now(),1e3))};return e.src=o.url,e.poster=o.url.replace(/master\.m3u8$/,"poster.jpg"),h(),{destroy(){clearTimeout(r),e.removeAttribute("src"),e.load()}}}customElements.get("streamgate-player")||customElements.define("streamgate-player",k);function R(c){let a=/^\/v\/([^/]+)\/?$/.exec(c);return a?{page:"watch",id:decodeURIComponent(a[1])}:(a=/^\/embed\/([^/]+)\/?$/.exec(c),a?{page:"embed",id:decodeURIComponent(a[1])}:/^\/studio(\/|$)/.test(c)?{page:"studio"}:{page:"home"})}var $=class extends p{static{this.properties={route:{state:!0},video:{state:!0},videos:{state:!0},error:{state:!0},studio:{state:!0}}}static{this.styles=[w,v`
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
    `]}constructor(){super(),this.route=R(location.pathname),this.error="",this.studio=!1,addEventListener("popstate",()=>this.route=R(location.pathname))}connectedCallback(){super.connectedCallback();let a=this.route;a.page==="embed"&&(this.setAttribute("embed",""),document.body.style.margin="0"),a.page==="home"&&this.loadHome(),a.page==="studio"&&import("./studio-KUG72B6Q.js").then(()=>this.studio=!0,e=>this.error=String(e)),document.title=a.page==="studio"?"Studio \xB7 StreamGate":"StreamGate"}async loadHome(){try{let a=await m(location.origin).sg.videos.listVideos({pageSize:50,status:u.Status.READY});this.videos=a.videos.filter(e=>e.visibility===u.Visibility.PUBLIC)}catch(a){this.error=g(a).message}}render(){let a=this.route;return a.page==="embed"?i`<main><streamgate-player video-id=${a.id} server=${location.origin}></streamgate-player></main>`:i`<header>
        <nav aria-label="Main"><a class="brand" href="/">StreamGate</a><a href="/studio">Studio</a></nav>
        <sg-wallet server=${location.origin}></sg-wallet>
      </header>
      <main>${this.page(a)}</main>`}page(a){switch(a.page){case"watch":return i`<streamgate-player video-id=${a.id} server=${location.origin} @video=${e=>this.watched(e.detail)}></streamgate-player>
          ${this.video?i`<h1>${this.video.title}</h1>
                ${this.video.tags.length?i`<p class="muted">${this.video.tags.map(e=>`#${e}`).join(" ")}</p>`:n}
                <p class="description">${this.video.description}</p>`:n}`;case"studio":return this.studio?i`<sg-studio></sg-studio>`:i`<p role="status">${this.error||"Loading the studio\u2026"}</p>`;default:return i`<h1>Videos</h1>
          ${this.error?i`<p class="error" role="alert">${this.error}</p>`:n}
          ${this.videos?.length===0?i`<p class="muted">No public videos yet. Creators upload from the <a href="/studio">studio</a>.</p>`:n}
          <ul class="cards">
            ${(this.videos??[]).map(e=>i`<li class="panel"><a href="/v/${e.id}"><strong>${e.title}</strong>
              <div class="muted">${e.gated?"For token holders":"Open to everyone signed in"}</div></a></li>`)}
          </ul>`}}watched(a){this.video=a,document.title=`${a.title} \xB7 StreamGate`}};customElements.define("sg-app",$);export{$ as SgApp};
