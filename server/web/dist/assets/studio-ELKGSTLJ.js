import{A as $,a as v,b as r,d as l,e as f,f as F,g as w,h as L,i as b,k as N,l as V,n as g,o as _,q as z,r as U,s as E,t as G,v as O,w as B,z as H}from"./chunk-2IFR6W4T.js";import"./chunk-WOT6VMZA.js";var S=b.TextTrackKind,A=b.TextTrackFormat,Z=1<<20,R=class extends f{static{this.properties={videoId:{type:String,attribute:"video-id"},acct:{attribute:!1},tracks:{state:!0},error:{state:!0},message:{state:!0},busy:{state:!0}}}static{this.styles=[$,v`
      :host { display: block; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: 0 0.8em; }
      input:not([type="checkbox"]), select { width: 100%; }
      ul.tracks { list-style: none; padding: 0; margin: 0.3em 0 0.8em; display: grid; gap: 0.4em; }
      ul.tracks li { display: flex; flex-wrap: wrap; gap: 0.3em 0.8em; align-items: center; justify-content: space-between;
        border: 1px solid var(--line); border-radius: 8px; padding: 0.3em 0.6em; background: var(--bg); }
      .flags label { display: inline-flex; gap: 0.3em; align-items: center; font-weight: 400; margin-right: 1em; }
      .badge { font-size: 0.8em; border: 1px solid var(--line); border-radius: 999px; padding: 0 0.5em; margin-left: 0.3em; }
    `]}constructor(){super(),this.videoId="",this.error="",this.message="",this.busy=!1}willUpdate(s){(s.has("videoId")||s.has("acct"))&&this.load()}disconnectedCallback(){super.disconnectedCallback(),this.loading?.abort()}async load(){if(this.loading?.abort(),this.tracks=void 0,this.error=this.message="",!this.videoId||!this.acct)return;let s=this.loading=new AbortController;try{let e=await this.acct.sg.videos.listTextTracks({videoId:this.videoId},{signal:s.signal});s.signal.aborted||(this.tracks=e.tracks)}catch(e){s.signal.aborted||this.fail(e)}}fail(s){let e=g(s);e.kind==="expired"&&this.acct.expire(),this.error=e.kind==="invalid"||e.kind==="not-ready"||e.kind==="denied"?w.from(s).rawMessage:e.message}render(){return r`<h3 id="cap-h">Captions and subtitles</h3>
      ${this.list()}
      <form @submit=${this.add} aria-labelledby="cap-h" novalidate>
        <label for="cap-file">Track file <span class="muted">(WebVTT .vtt or SubRip .srt, UTF-8, up to 1 MB)</span></label>
        <input id="cap-file" name="file" type="file" accept=".vtt,.srt,text/vtt,application/x-subrip" required>
        <div class="grid">
          <div><label for="cap-lang">Language tag</label>
            <input id="cap-lang" name="language" required maxlength="35" placeholder="en, pt-BR, zh-Hant" autocomplete="off"></div>
          <div><label for="cap-name">Name in the menu</label>
            <input id="cap-name" name="name" required maxlength="64" placeholder="English"></div>
          <div><label for="cap-kind">Kind</label>
            <select id="cap-kind" name="kind">
              <option value=${S.SUBTITLES}>Subtitles</option>
              <option value=${S.CAPTIONS}>Captions (SDH)</option>
            </select></div>
        </div>
        <p class="flags">
          <label><input type="checkbox" name="default"> Default (shown unless the viewer turns it off)</label>
          <label><input type="checkbox" name="forced"> Forced (signs and foreign dialogue)</label>
        </p>
        ${this.error?r`<p class="error" role="alert" data-testid="caption-error">${this.error}</p>`:l}
        <p class="row"><button type="submit" ?disabled=${this.busy}>Add track</button>
          <span role="status" data-testid="caption-status">${this.message}</span></p>
        <p class="muted">A track of the same language and name replaces the one there; viewers see it at once.</p>
      </form>`}list(){return this.tracks?this.tracks.length?r`<ul class="tracks" aria-label="Text tracks" data-testid="tracks">
      ${this.tracks.map(s=>r`<li data-track=${s.id}>
        <span><strong>${s.name}</strong> <code>${s.language}</code>
          <span class="badge">${s.kind===S.CAPTIONS?"captions":"subtitles"}</span>
          ${s.isDefault?r`<span class="badge">default</span>`:l}
          ${s.forced?r`<span class="badge">forced</span>`:l}
          <span class="muted">· ${s.cueCount} cue${s.cueCount===1?"":"s"}${s.duration?` \xB7 to ${H(Number(s.duration.seconds))}`:""}</span></span>
        <button class="secondary" aria-label="Delete track ${s.name} (${s.language})" @click=${()=>this.deleteTrack(s)} ?disabled=${this.busy}>Delete</button>
      </li>`)}
    </ul>`:r`<p class="muted" data-testid="no-tracks">No tracks yet.</p>`:r`<p class="muted" role="status">${this.error?"":"Loading tracks\u2026"}</p>`}async add(s){s.preventDefault();let e=s.target,t=new FormData(e),i=t.get("file");if(this.message="",!(i instanceof File)||!i.name)return void(this.error="Choose a .vtt or .srt file.");if(i.size>Z)return void(this.error=`The file is ${(i.size/(1<<20)).toFixed(1)} MB; a track may be at most 1 MB.`);let o=i.name.toLowerCase(),a=o.endsWith(".srt")?A.SRT:o.endsWith(".vtt")?A.WEBVTT:A.UNSPECIFIED;this.busy=!0;try{let d=await this.acct.sg.videos.addTextTrack({videoId:this.videoId,language:String(t.get("language")).trim(),name:String(t.get("name")).trim(),kind:Number(t.get("kind")),isDefault:t.get("default")==="on",forced:t.get("forced")==="on",format:a,content:new Uint8Array(await i.arrayBuffer())}),c=d.track;this.error="",this.message=`${d.replaced?"Replaced":"Added"} \u201C${c.name}\u201D: ${c.cueCount} cue${c.cueCount===1?"":"s"}.`,e.reset(),await this.refresh()}catch(d){this.fail(d)}finally{this.busy=!1}}async deleteTrack(s){this.busy=!0;try{await this.acct.sg.videos.deleteTextTrack({videoId:this.videoId,trackId:s.id}),this.error="",this.message=`Deleted \u201C${s.name}\u201D.`,await this.refresh()}catch(e){this.fail(e)}finally{this.busy=!1}}async refresh(){let s=await this.acct.sg.videos.listTextTracks({videoId:this.videoId});this.tracks=s.tracks}};customElements.get("sg-captions")||customElements.define("sg-captions",R);var p=L.Standard,ee=[[p.AUTO,"NFT, detect ERC-721 or ERC-1155"],[p.ERC721,"ERC-721 NFT"],[p.ERC1155,"ERC-1155 token"],[p.ERC20,"ERC-20 token"]];function y(n=""){return{kind:"cond",chainId:n,contract:"",standard:p.ERC721,tokenIds:"",first:"",last:"",minAmount:""}}var P=class extends f{constructor(){super();this.contracts=new Map;this.videoId="",this.root={kind:"group",op:"any",items:[y()]},this.errors=new Map,this.message=""}static{this.properties={videoId:{type:String,attribute:"video-id"},acct:{attribute:!1},root:{state:!0},current:{state:!0},errors:{state:!0},message:{state:!0},explained:{state:!0},chains:{state:!0}}}static{this.styles=[$,v`
      :host { display: block; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0.5em 0; padding: 0.5em 0.8em; }
      legend { font-weight: 600; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: 0 0.8em; }
      input, select { width: 100%; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
    `]}updated(e){e.has("videoId")&&this.videoId&&this.acct&&this.load()}async load(){this.errors=new Map,this.message="",this.explained=void 0;try{let[e,t]=await Promise.all([this.acct.sg.gate.getAccessRule({videoId:this.videoId}),z(this.acct.sg)]);this.chains=t,this.current=e.rule,this.contracts=E(e.contracts),this.root=e.rule?q(e.rule):{kind:"group",op:"any",items:[y(this.defaultChain())]}}catch(e){this.message=g(e).message}}defaultChain(){let e=(this.chains??[]).map(i=>String(i.chainId)),t=String(this.acct?.chainId??"");return e.includes(t)?t:e[0]??""}render(){return r`<h3>Who may watch</h3>
      <p>${this.current?r`Now: ${G(this.current,this.contracts)}`:r`Now: <strong>no rule</strong>: anyone who may see the video watches it, no wallet needed.`}</p>
      ${this.chains&&!this.chains.length?r`<p class="error" role="alert">This server reads no chain, so no rule can be checked: its operator adds one with <code>--chain-rpc</code>.</p>`:l}
      <form @submit=${this.save} novalidate>
        ${this.group(this.root,"rule",!0)}
        <div class="row">
          <button type="submit">Save rule</button>
          ${this.current?r`<button type="button" class="secondary" @click=${this.clear}>Remove rule (open to all)</button>`:l}
        </div>
        <p role="status" aria-live="polite" class=${this.errors.size||this.message.startsWith("Could")?"error":""} data-testid="rule-message">${this.message}</p>
      </form>
      ${this.tester()}`}group(e,t,i=!1){let o=`${t}.${e.op}`;return r`<fieldset>
      <legend>${i?"Rule":"Group"}</legend>
      <label>Viewers need
        <select .value=${e.op} @change=${a=>this.edit(()=>e.op=a.target.value)}>
          <option value="any">any one of these</option><option value="all">all of these</option>
        </select></label>
      ${e.items.map((a,d)=>a.kind==="cond"?this.cond(e,a,d,`${o}.rules[${d}].condition`):this.group(a,`${o}.rules[${d}]`))}
      ${this.errors.get(`${o}.rules`)?r`<span class="field-error">${this.errors.get(`${o}.rules`)}</span>`:l}
      <div class="row">
        <button type="button" class="secondary" @click=${()=>this.edit(()=>e.items.push(y(W(e))))}>Add condition</button>
        <button type="button" class="secondary" @click=${()=>this.edit(()=>e.items.push({kind:"group",op:e.op==="any"?"all":"any",items:[y(W(e))]}))}>Add group</button>
      </div>
    </fieldset>`}chainPicker(e,t,i){let o=this.errors.get(`${i}.chain_id`),a=(this.chains??[]).map(d=>String(d.chainId));return e.chainId&&!a.includes(e.chainId)&&a.push(e.chainId),r`<div><label for="${t}_chainId">Chain</label>
      <select id="${t}_chainId" name="chainId" aria-invalid=${o?"true":"false"} aria-describedby=${o?`${t}_chainId_err`:l}
        @change=${d=>e.chainId=d.target.value}>
        ${e.chainId?l:r`<option value="" selected>Pick a chain</option>`}
        ${a.map(d=>r`<option value=${d} ?selected=${d===e.chainId}>${U(d)}</option>`)}
      </select>
      ${o?r`<span class="field-error" id="${t}_chainId_err" role="alert">${o}</span>`:l}</div>`}cond(e,t,i,o){let a=`${o}`.replace(/[^\w]/g,"_"),d=(u,m,x,T)=>{let k=T.map(C=>this.errors.get(`${o}.${C}`)).find(Boolean);return r`<div><label for="${a}_${u}">${m}</label>
        <input id="${a}_${u}" name=${u} .value=${String(t[u])} placeholder=${x}
          inputmode=${u==="contract"?"text":"numeric"}
          aria-invalid=${k?"true":"false"} aria-describedby=${k?`${a}_${u}_err`:l}
          @input=${C=>t[u]=C.target.value}>
        ${k?r`<span class="field-error" id="${a}_${u}_err" role="alert">${k}</span>`:l}</div>`},c=t.standard;return r`<fieldset data-path=${o}>
      <legend>Condition ${i+1}</legend>
      <div class="grid">
        ${this.chainPicker(t,a,o)}
        ${d("contract","Contract address","0x\u2026",["contract"])}
        <div><label for="${a}_standard">Token standard</label>
          <select id="${a}_standard" @change=${u=>this.edit(()=>t.standard=Number(u.target.value))}>
            ${ee.map(([u,m])=>r`<option value=${u} ?selected=${u===c}>${m}</option>`)}</select></div>
        ${c!==p.ERC20?d("tokenIds",c===p.ERC1155?"Token id":"Token ids (optional, comma-separated)",c===p.ERC1155?"e.g. 7":"any token",["token_ids"]):l}
        ${c===p.ERC721||c===p.AUTO?d("first","Ids from (optional)","first",["token_range.first","token_range"]):l}
        ${c===p.ERC721||c===p.AUTO?d("last","Ids to","last",["token_range.last"]):l}
        ${d("minAmount",c===p.ERC20?"Minimum amount (base units)":"Minimum count","1",["min_amount"])}
      </div>
      ${this.errors.get(o)?r`<span class="field-error" role="alert">${this.errors.get(o)}</span>`:l}
      ${e.items.length>1?r`<button type="button" class="secondary" @click=${()=>this.edit(()=>e.items.splice(i,1))}>Remove condition</button>`:l}
    </fieldset>`}edit(e){e(),this.root={...this.root}}async save(e){e.preventDefault(),this.errors=new Map,this.message="Saving\u2026";try{let t=await this.acct.sg.gate.setAccessRule({videoId:this.videoId,rule:j(te(this.root))});this.current=t.rule,t.rule&&(this.root=q(t.rule)),this.message="Rule saved: it applies to the next playback check.";let i=await this.acct.sg.gate.getAccessRule({videoId:this.videoId}).catch(()=>{});i&&(this.contracts=E(i.contracts)),this.requestUpdate()}catch(t){let i=g(t);this.errors=i.kind==="invalid"?ie(t,this.root):new Map;let o=`rule.${this.root.op}.rules[0].condition`;this.errors=new Map([...this.errors].map(([a,d])=>[a.replace(/^rule\.condition\b/,o),d])),this.message=this.errors.size?"Could not save: correct the marked field.":`Could not save: ${i.message}`}}async clear(){try{await this.acct.sg.gate.clearAccessRule({videoId:this.videoId}),this.current=void 0,this.message="Rule removed: anyone who may see the video watches it, no wallet needed."}catch(e){this.message=`Could not remove: ${g(e).message}`}}tester(){let e=this.explained;return r`<form class="row" @submit=${this.explain} aria-labelledby="t-h">
        <h3 id="t-h">Test a wallet</h3>
        <label for="t-addr" class="sr-only">Wallet address to test</label>
        <input id="t-addr" name="address" placeholder="0x… wallet address" required>
        <button type="submit">Test</button>
      </form>
      ${e&&"error"in e?r`<p class="error" role="alert">${e.error}</p>`:l}
      ${e&&!("error"in e)?r`<div data-testid="explain" role="status"><p><strong class=${e.allowed?"ok":"no"}>${e.allowed?"This wallet may watch.":"This wallet may not watch."}</strong>
            ${e.reason?r`<span class="muted">${e.reason}</span>`:l}</p>${O(e.evaluation)}</div>`:l}`}async explain(e){e.preventDefault();let t=String(new FormData(e.target).get("address")).trim();try{this.explained=await this.acct.sg.gate.explainAccess({videoId:this.videoId,address:t})}catch(i){let o=g(i);this.explained={error:o.kind==="unavailable"?o.message:`Cannot test: ${o.message}`}}}};function te(n){return n.items.length===1&&n.items[0].kind==="cond"?n.items[0]:n}function W(n){let s=n.items[n.items.length-1];return s?.kind==="cond"?s.chainId:""}function j(n){if(n.kind==="group")return{node:{case:n.op,value:{rules:n.items.map(j)}}};let s=n.tokenIds.split(",").map(t=>t.trim()).filter(Boolean);return{node:{case:"condition",value:{chainId:/^\d+$/.test(n.chainId.trim())?BigInt(n.chainId.trim()):0n,contract:n.contract.trim(),standard:n.standard,tokenIds:s,tokenRange:n.first.trim()||n.last.trim()?{first:n.first.trim(),last:n.last.trim()}:void 0,minAmount:n.minAmount.trim()}}}}function q(n){let s=K(n);return s.kind==="group"?s:{kind:"group",op:"any",items:[s]}}function K(n){let s=n.node;if(s.case==="any"||s.case==="all")return{kind:"group",op:s.case,items:s.value.rules.map(K)};if(s.case==="condition"){let e=s.value;return{kind:"cond",chainId:String(e.chainId),contract:e.contract,standard:e.standard,tokenIds:e.tokenIds.join(", "),first:e.tokenRange?.first??"",last:e.tokenRange?.last??"",minAmount:e.minAmount}}return y()}function ie(n,s){let e=_(n);if(e.size)return e;let t=g(n).message,i=/condition on (\S*) \(chain (\d+)\): (.+)$/.exec(t);if(!i)return e;let[,o,a,d]=i,c=Y(s,"rule",m=>m.contract.trim().toLowerCase()===o.toLowerCase()&&m.chainId.trim()===a);if(!c)return e;let u=/chain \d+ is not configured/.test(d)?"chain_id":/token range/.test(d)?"token_range.first":/token id/.test(d)?"token_ids":/min_amount/.test(d)?"min_amount":"contract";return e.set(`${c}.${u}`,d),e}function Y(n,s,e){let t=`${s}.${n.op}`;for(let[i,o]of n.items.entries()){if(o.kind==="cond"&&e(o))return`${t}.rules[${i}].condition`;if(o.kind==="group"){let a=Y(o,`${t}.rules[${i}]`,e);if(a)return a}}}customElements.define("sg-rule-builder",P);var h=b.Status,D=b.Visibility,J={[h.WAITING_UPLOAD]:"waiting for upload",[h.UPLOADED]:"uploaded, queued",[h.PROCESSING]:"processing",[h.READY]:"ready",[h.FAILED]:"failed"},Q=[[D.PUBLIC,"Public: listed on the home page"],[D.UNLISTED,"Unlisted: anyone with the link"],[D.PRIVATE,"Private: only you"]],M=class extends f{constructor(){super();this.acct=B(location.origin);this.watching=new Map;this.onAccount=()=>{this.requestUpdate(),this.load()};this.error="",this.transfers={},this.confirming=!1,this.saved=""}static{this.properties={videos:{state:!0},selected:{state:!0},error:{state:!0},transfers:{state:!0},confirming:{state:!0},saved:{state:!0}}}static{this.styles=[$,v`
      :host { display: block; }
      .layout { display: grid; grid-template-columns: minmax(14em, 1fr) 2fr; gap: 1em; align-items: start; }
      @media (max-width: 720px) { .layout { grid-template-columns: 1fr; } }
      ul.videos { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.5em; }
      ul.videos button { width: 100%; text-align: left; display: block; background: var(--panel); color: var(--fg); border-color: var(--line); }
      ul.videos button[aria-current="true"] { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent) inset; }
      .status { font-size: 0.85em; }
      section { margin-bottom: 1em; }
      h2 { font-size: 1.2em; margin: 0.2em 0 0.5em; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
      .drop { border: 2px dashed var(--line); border-radius: 10px; padding: 1.2em; text-align: center; }
      .drop.over { border-color: var(--accent); background: #eef; }
      textarea { width: 100%; }
      input[type="text"], input:not([type]) { width: 100%; }
      .share textarea { font-family: ui-monospace, monospace; font-size: 0.85em; }
    `]}connectedCallback(){super.connectedCallback(),this.acct.addEventListener("change",this.onAccount),this.load()}disconnectedCallback(){super.disconnectedCallback(),this.acct.removeEventListener("change",this.onAccount);for(let e of this.watching.values())e.abort()}async load(){for(let e of this.watching.values())e.abort();if(this.watching.clear(),!this.acct.address)return void(this.videos=void 0);try{let e=await this.acct.sg.videos.listVideos({ownerAddress:this.acct.address,pageSize:100});this.videos=e.videos;for(let t of e.videos)this.follow(t);this.selected??=e.videos[0]?.id}catch(e){this.fail(e)}}fail(e){let t=g(e);t.kind==="expired"&&this.acct.expire(),this.error=t.message}follow(e){if(e.status===h.READY||e.status===h.FAILED||this.watching.has(e.id))return;let t=new AbortController;this.watching.set(e.id,t),(async()=>{try{for await(let i of this.acct.sg.watchVideo(e.id,t.signal))if(this.replace(i),i.status===h.READY||i.status===h.FAILED)break}catch{}finally{this.watching.get(e.id)===t&&this.watching.delete(e.id)}})()}replace(e){this.videos=(this.videos??[]).map(t=>t.id===e.id?e:t)}get current(){return this.videos?.find(e=>e.id===this.selected)}render(){if(!this.acct.address)return r`<h1>Studio</h1><p>Sign in with the wallet that owns your videos.</p><sg-wallet server=${location.origin}></sg-wallet>`;let e=this.current;return r`<h1>Studio</h1>
      ${this.error?r`<p class="error" role="alert">${this.error}</p>`:l}
      <div class="layout">
        <div>
          ${this.createForm()}
          <h2 id="yours">Your videos</h2>
          ${this.videos?.length===0?r`<p class="muted">None yet: create one above.</p>`:l}
          <ul class="videos" aria-labelledby="yours">
            ${(this.videos??[]).map(t=>r`<li>
              <button aria-current=${t.id===this.selected?"true":"false"} data-video=${t.id} @click=${()=>this.select(t.id)}>
                <strong>${t.title}</strong><br>
                <span class="status" data-testid="status">${J[t.status]??"unknown"}${t.status===h.PROCESSING?` ${Math.round(t.progress*100)}%`:""}</span>
                ${t.status===h.PROCESSING?r`<progress max="100" value=${Math.round(t.progress*100)} aria-label="Processing"></progress>`:l}
              </button></li>`)}
          </ul>
        </div>
        <div>${e?this.detail(e):l}</div>
      </div>`}select(e){this.selected=e,this.confirming=!1,this.saved=""}createForm(){return r`<form class="panel" @submit=${this.create} aria-labelledby="new">
      <h2 id="new">New video</h2>
      <label for="new-title">Title</label><input id="new-title" name="title" required maxlength="200">
      <label for="new-vis">Visibility</label>
      <select id="new-vis" name="visibility">${Q.map(([e,t])=>r`<option value=${e}>${t}</option>`)}</select>
      <p><button type="submit">Create</button></p>
    </form>`}async create(e){e.preventDefault();let t=e.target,i=new FormData(t);try{let a=(await this.acct.sg.videos.createVideo({title:String(i.get("title")),visibility:Number(i.get("visibility"))})).video;this.videos=[a,...this.videos??[]],this.select(a.id),t.reset(),this.error=""}catch(o){this.fail(o)}}detail(e){return r`<section class="panel" aria-labelledby="d-title">
        <h2 id="d-title">${e.title}</h2>
        <p class="status">Status: <strong data-testid="detail-status">${J[e.status]}</strong>
          ${e.status===h.FAILED?r` — <span class="error">${e.failureReason}</span>`:l}</p>
        ${e.status===h.WAITING_UPLOAD||this.transfers[e.id]?this.uploader(e):l}
      </section>
      <section class="panel">${this.editForm(e)}</section>
      <section class="panel"><sg-rule-builder video-id=${e.id} .acct=${this.acct}></sg-rule-builder></section>
      <section class="panel"><sg-captions video-id=${e.id} .acct=${this.acct}></sg-captions></section>
      <section class="panel share">${this.share(e)}</section>
      <section class="panel">${this.deleter(e)}</section>`}uploader(e){let t=this.transfers[e.id],i=X(e.id),o=t&&t.total?100*t.loaded/t.total:0;return r`<h3>Upload</h3>
      ${!t&&i?r`<p role="status" data-testid="resume-hint">An upload of <strong>${i.name}</strong> was interrupted.
          Pick the same file again to resume: the parts already stored are not sent again.</p>`:l}
      ${!t||t.error?r`<div class="drop" @dragover=${this.dragOver} @dragleave=${this.dragLeave} @drop=${a=>this.drop(a,e.id)}>
          <p>Drop a video file here, or</p>
          <label for="file" class="sr-only">Choose a video file</label>
          <input id="file" type="file" accept="video/*" @change=${a=>this.picked(a,e.id)}>
        </div>`:l}
      ${t?r`<div data-testid="upload">
          <p>${t.phase==="hashing"?"Checking the file (SHA-256)\u2026":t.phase==="done"?"Uploaded: processing starts now.":`Uploading ${t.name}`}
            ${t.resumedFrom?r`<span data-testid="resumed"> — resumed, ${I(t.resumedFrom)} were already stored</span>`:l}</p>
          <progress max="100" value=${o.toFixed(1)} aria-label="Upload progress" data-testid="upload-progress"></progress>
          <p class="muted" aria-live="polite">${I(t.loaded)} of ${I(t.total)} (${o.toFixed(0)}%)
            ${t.phase==="uploading"&&t.speed>0?` \xB7 ${I(t.speed)}/s \xB7 ${ae((t.total-t.loaded)/t.speed)} left`:""}</p>
          ${t.error?r`<p class="error" role="alert">${t.error}</p>`:l}
        </div>`:l}`}dragOver(e){e.preventDefault(),e.currentTarget.classList.add("over")}dragLeave(e){e.currentTarget.classList.remove("over")}drop(e,t){e.preventDefault(),e.currentTarget.classList.remove("over");let i=e.dataTransfer?.files[0];i&&this.upload(t,i)}picked(e,t){let i=e.target.files?.[0];i&&this.upload(t,i)}async upload(e,t){let i={name:t.name,phase:"uploading",loaded:0,total:t.size,speed:0,samples:[]},o=a=>{Object.assign(i,a),this.transfers={...this.transfers,[e]:{...i}}};o({});try{let a=await this.storedBytes(e,t);a>0&&o({resumedFrom:a}),await this.acct.sg.upload(e,t,{partSize:se(t.size),onProgress:c=>{let u=performance.now();for(c.phase==="uploading"&&i.phase!=="uploading"&&(i.samples=[]),i.samples.push([u,c.loaded]);i.samples.length>2&&u-i.samples[0][0]>3e3;)i.samples.shift();let[m,x]=i.samples[0],T=u>m?(c.loaded-x)*1e3/(u-m):0;o({phase:c.phase,loaded:c.loaded,total:c.total,speed:T})}}),o({phase:"done",loaded:t.size});let d=(await this.acct.sg.videos.getVideo({id:e})).video;this.replace(d),this.follow(d)}catch(a){let d=g(a),c=w.from(a),u=d.kind==="expired"?d.message:c.rawMessage,m=c.code===F.FailedPrecondition?"Pick the file again.":"Pick the same file again to resume: stored parts are kept.";o({error:`The upload stopped (${u}). ${m}`})}}async storedBytes(e,t){let i=X(e);if(!i||i.name!==t.name||i.size!==t.size)return 0;try{return((await this.acct.sg.uploads.getUpload({uploadId:i.uploadId})).upload?.parts??[]).reduce((a,d)=>a+Number(d.sizeBytes),0)}catch{return 0}}editForm(e){return r`<form @submit=${t=>this.save(t,e)} aria-labelledby="edit">
      <h3 id="edit">Details</h3>
      <label for="e-title">Title</label><input id="e-title" name="title" .value=${e.title} required maxlength="200">
      <label for="e-desc">Description</label><textarea id="e-desc" name="description" rows="3" maxlength="5000" .value=${e.description}></textarea>
      <label for="e-tags">Tags <span class="muted">(comma-separated)</span></label><input id="e-tags" name="tags" .value=${e.tags.join(", ")}>
      <label for="e-vis">Visibility</label>
      <select id="e-vis" name="visibility">${Q.map(([t,i])=>r`<option value=${t} ?selected=${t===e.visibility}>${i}</option>`)}</select>
      <p class="row"><button type="submit">Save details</button><span role="status">${this.saved}</span></p>
    </form>`}async save(e,t){e.preventDefault();let i=new FormData(e.target),o=String(i.get("tags")).split(",").map(a=>a.trim()).filter(Boolean);try{let a=await this.acct.sg.videos.updateVideo({id:t.id,title:String(i.get("title")),description:String(i.get("description")),tags:o,visibility:Number(i.get("visibility")),updateMask:{paths:["title","description","tags","visibility"]}});this.replace(a.video),this.saved="Saved.",this.error=""}catch(a){this.saved="",this.fail(a)}}share(e){let t=`${location.origin}/v/${e.id}`,i=`<script src="${location.origin}/embed/player.js"><\/script>
<streamgate-player server="${location.origin}" video-id="${e.id}"></streamgate-player>`,o=`<iframe src="${location.origin}/embed/${e.id}" width="640" height="400" allow="fullscreen" style="border:0"></iframe>`,a=d=>navigator.clipboard?.writeText(d).then(()=>this.saved="Copied.",()=>{});return r`<h3>Share</h3>
      <label for="s-link">Watch link</label>
      <div class="row"><input id="s-link" readonly .value=${t}><button class="secondary" @click=${()=>a(t)}>Copy link</button><a href=${t}>Open</a></div>
      <label for="s-embed">Embed on another site</label>
      <textarea id="s-embed" readonly rows="3" .value=${i}></textarea>
      <button class="secondary" @click=${()=>a(i)}>Copy embed snippet</button>
      <label for="s-iframe">Or as an iframe</label>
      <textarea id="s-iframe" readonly rows="2" .value=${o}></textarea>
      <button class="secondary" @click=${()=>a(o)}>Copy iframe</button>`}deleter(e){return this.confirming?r`<div role="alertdialog" aria-labelledby="del-q">
      <p id="del-q"><strong>Delete “${e.title}”?</strong> Its files and rule are removed; links to it stop working. This cannot be undone.</p>
      <div class="row"><button class="danger" @click=${()=>this.deleteVideo(e)}>Yes, delete</button>
      <button class="secondary" @click=${()=>this.confirming=!1}>Cancel</button></div></div>`:r`<button class="danger" @click=${()=>this.confirming=!0}>Delete video…</button>`}async deleteVideo(e){try{await this.acct.sg.videos.deleteVideo({id:e.id}),this.watching.get(e.id)?.abort(),this.videos=(this.videos??[]).filter(t=>t.id!==e.id),this.select(this.videos[0]?.id??"")}catch(t){this.fail(t)}}};function X(n){try{let s=`streamgate:upload:${n}:`;for(let e=0;e<localStorage.length;e++){let t=localStorage.key(e);if(t?.startsWith(s))return JSON.parse(localStorage.getItem(t))}}catch{}}function se(n){return Math.min(N,Math.max(V,Math.ceil(n/4/1048576)*1048576))}function I(n){return n>=1<<20?`${(n/(1<<20)).toFixed(1)} MB`:`${(n/1024).toFixed(0)} KB`}function ae(n){if(!isFinite(n))return"\u2014";let s=Math.max(0,Math.round(n));return s<60?`${s} s`:`${Math.floor(s/60)} min ${s%60} s`}customElements.define("sg-studio",M);export{M as SgStudio};
