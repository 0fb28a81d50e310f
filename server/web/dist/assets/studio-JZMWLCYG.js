import{a as b,b as o,c as l,d as $,f as A,g as S,h as I,k as h,l as T,m as D,o as L,q as M,r as V,s as y}from"./chunk-NT2MI677.js";import"./chunk-WOT6VMZA.js";var u=S.Standard,H=[[u.AUTO,"NFT, detect ERC-721 or ERC-1155"],[u.ERC721,"ERC-721 NFT"],[u.ERC1155,"ERC-1155 token"],[u.ERC20,"ERC-20 token"]];function f(r=""){return{kind:"cond",chainId:r,contract:"",standard:u.ERC721,tokenIds:"",first:"",last:"",minAmount:""}}var C=class extends ${static{this.properties={videoId:{type:String,attribute:"video-id"},acct:{attribute:!1},root:{state:!0},current:{state:!0},errors:{state:!0},message:{state:!0},explained:{state:!0}}}static{this.styles=[y,b`
      :host { display: block; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0.5em 0; padding: 0.5em 0.8em; }
      legend { font-weight: 600; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: 0 0.8em; }
      input { width: 100%; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
    `]}constructor(){super(),this.videoId="",this.root={kind:"group",op:"any",items:[f()]},this.errors=new Map,this.message=""}updated(i){i.has("videoId")&&this.videoId&&this.acct&&this.load()}async load(){this.errors=new Map,this.message="",this.explained=void 0;try{let i=await this.acct.sg.gate.getAccessRule({videoId:this.videoId});this.current=i.rule,this.root=i.rule?P(i.rule):{kind:"group",op:"any",items:[f(String(this.acct.chainId??""))]}}catch(i){this.message=h(i).message}}render(){return o`<h3>Who may watch</h3>
      <p>${this.current?o`Now: ${L(this.current)}`:o`Now: <strong>anyone who signs in</strong> (no rule).`}</p>
      <datalist id="chains">${D.map(i=>o`<option value=${i.id}>${i.name}</option>`)}</datalist>
      <form @submit=${this.save} novalidate>
        ${this.group(this.root,"rule",!0)}
        <div class="row">
          <button type="submit">Save rule</button>
          ${this.current?o`<button type="button" class="secondary" @click=${this.clear}>Remove rule (open to all)</button>`:l}
        </div>
        <p role="status" aria-live="polite" class=${this.errors.size||this.message.startsWith("Could")?"error":""} data-testid="rule-message">${this.message}</p>
      </form>
      ${this.tester()}`}group(i,e,t=!1){let s=`${e}.${i.op}`;return o`<fieldset>
      <legend>${t?"Rule":"Group"}</legend>
      <label>Viewers need
        <select .value=${i.op} @change=${n=>this.edit(()=>i.op=n.target.value)}>
          <option value="any">any one of these</option><option value="all">all of these</option>
        </select></label>
      ${i.items.map((n,a)=>n.kind==="cond"?this.cond(i,n,a,`${s}.rules[${a}].condition`):this.group(n,`${s}.rules[${a}]`))}
      ${this.errors.get(`${s}.rules`)?o`<span class="field-error">${this.errors.get(`${s}.rules`)}</span>`:l}
      <div class="row">
        <button type="button" class="secondary" @click=${()=>this.edit(()=>i.items.push(f(F(i))))}>Add condition</button>
        <button type="button" class="secondary" @click=${()=>this.edit(()=>i.items.push({kind:"group",op:i.op==="any"?"all":"any",items:[f(F(i))]}))}>Add group</button>
      </div>
    </fieldset>`}cond(i,e,t,s){let n=`${s}`.replace(/[^\w]/g,"_"),a=(d,m,g,k)=>{let v=k.map(E=>this.errors.get(`${s}.${E}`)).find(Boolean);return o`<div><label for="${n}_${d}">${m}</label>
        <input id="${n}_${d}" name=${d} .value=${String(e[d])} placeholder=${g}
          list=${d==="chainId"?"chains":l} inputmode=${d==="contract"?"text":"numeric"}
          aria-invalid=${v?"true":"false"} aria-describedby=${v?`${n}_${d}_err`:l}
          @input=${E=>e[d]=E.target.value}>
        ${v?o`<span class="field-error" id="${n}_${d}_err" role="alert">${v}</span>`:l}</div>`},c=e.standard;return o`<fieldset data-path=${s}>
      <legend>Condition ${t+1}</legend>
      <div class="grid">
        ${a("chainId","Chain id","e.g. 1 for Ethereum",["chain_id"])}
        ${a("contract","Contract address","0x\u2026",["contract"])}
        <div><label for="${n}_standard">Token standard</label>
          <select id="${n}_standard" @change=${d=>this.edit(()=>e.standard=Number(d.target.value))}>
            ${H.map(([d,m])=>o`<option value=${d} ?selected=${d===c}>${m}</option>`)}</select></div>
        ${c!==u.ERC20?a("tokenIds",c===u.ERC1155?"Token id":"Token ids (optional, comma-separated)",c===u.ERC1155?"e.g. 7":"any token",["token_ids"]):l}
        ${c===u.ERC721||c===u.AUTO?a("first","Ids from (optional)","first",["token_range.first","token_range"]):l}
        ${c===u.ERC721||c===u.AUTO?a("last","Ids to","last",["token_range.last"]):l}
        ${a("minAmount",c===u.ERC20?"Minimum amount (base units)":"Minimum count","1",["min_amount"])}
      </div>
      ${this.errors.get(s)?o`<span class="field-error" role="alert">${this.errors.get(s)}</span>`:l}
      ${i.items.length>1?o`<button type="button" class="secondary" @click=${()=>this.edit(()=>i.items.splice(t,1))}>Remove condition</button>`:l}
    </fieldset>`}edit(i){i(),this.root={...this.root}}async save(i){i.preventDefault(),this.errors=new Map,this.message="Saving\u2026";try{let e=await this.acct.sg.gate.setAccessRule({videoId:this.videoId,rule:N(W(this.root))});this.current=e.rule,e.rule&&(this.root=P(e.rule)),this.message="Rule saved: it applies to the next playback check."}catch(e){let t=h(e);this.errors=t.kind==="invalid"?B(e,this.root):new Map;let s=`rule.${this.root.op}.rules[0].condition`;this.errors=new Map([...this.errors].map(([n,a])=>[n.replace(/^rule\.condition\b/,s),a])),this.message=this.errors.size?"Could not save: correct the marked field.":`Could not save: ${t.message}`}}async clear(){try{await this.acct.sg.gate.clearAccessRule({videoId:this.videoId}),this.current=void 0,this.message="Rule removed: anyone who signs in may watch."}catch(i){this.message=`Could not remove: ${h(i).message}`}}tester(){let i=this.explained;return o`<form class="row" @submit=${this.explain} aria-labelledby="t-h">
        <h3 id="t-h">Test a wallet</h3>
        <label for="t-addr" class="sr-only">Wallet address to test</label>
        <input id="t-addr" name="address" placeholder="0x… wallet address" required>
        <button type="submit">Test</button>
      </form>
      ${i&&"error"in i?o`<p class="error" role="alert">${i.error}</p>`:l}
      ${i&&!("error"in i)?o`<div data-testid="explain" role="status"><p><strong class=${i.allowed?"ok":"no"}>${i.allowed?"This wallet may watch.":"This wallet may not watch."}</strong>
            ${i.reason?o`<span class="muted">${i.reason}</span>`:l}</p>${M(i.evaluation)}</div>`:l}`}async explain(i){i.preventDefault();let e=String(new FormData(i.target).get("address")).trim();try{this.explained=await this.acct.sg.gate.explainAccess({videoId:this.videoId,address:e})}catch(t){let s=h(t);this.explained={error:s.kind==="unavailable"?s.message:`Cannot test: ${s.message}`}}}};function W(r){return r.items.length===1&&r.items[0].kind==="cond"?r.items[0]:r}function F(r){let i=r.items[r.items.length-1];return i?.kind==="cond"?i.chainId:""}function N(r){if(r.kind==="group")return{node:{case:r.op,value:{rules:r.items.map(N)}}};let i=r.tokenIds.split(",").map(t=>t.trim()).filter(Boolean);return{node:{case:"condition",value:{chainId:/^\d+$/.test(r.chainId.trim())?BigInt(r.chainId.trim()):0n,contract:r.contract.trim(),standard:r.standard,tokenIds:i,tokenRange:r.first.trim()||r.last.trim()?{first:r.first.trim(),last:r.last.trim()}:void 0,minAmount:r.minAmount.trim()}}}}function P(r){let i=_(r);return i.kind==="group"?i:{kind:"group",op:"any",items:[i]}}function _(r){let i=r.node;if(i.case==="any"||i.case==="all")return{kind:"group",op:i.case,items:i.value.rules.map(_)};if(i.case==="condition"){let e=i.value;return{kind:"cond",chainId:String(e.chainId),contract:e.contract,standard:e.standard,tokenIds:e.tokenIds.join(", "),first:e.tokenRange?.first??"",last:e.tokenRange?.last??"",minAmount:e.minAmount}}return f()}function B(r,i){let e=T(r);if(e.size)return e;let t=h(r).message,s=/condition on (\S*) \(chain (\d+)\): (.+)$/.exec(t);if(!s)return e;let[,n,a,c]=s,d=G(i,"rule",g=>g.contract.trim().toLowerCase()===n.toLowerCase()&&g.chainId.trim()===a);if(!d)return e;let m=/chain \d+ is not configured/.test(c)?"chain_id":/token range/.test(c)?"token_range.first":/token id/.test(c)?"token_ids":/min_amount/.test(c)?"min_amount":"contract";return e.set(`${d}.${m}`,c),e}function G(r,i,e){let t=`${i}.${r.op}`;for(let[s,n]of r.items.entries()){if(n.kind==="cond"&&e(n))return`${t}.rules[${s}].condition`;if(n.kind==="group"){let a=G(n,`${t}.rules[${s}]`,e);if(a)return a}}}customElements.define("sg-rule-builder",C);var p=I.Status,x=I.Visibility,U={[p.WAITING_UPLOAD]:"waiting for upload",[p.UPLOADED]:"uploaded, queued",[p.PROCESSING]:"processing",[p.READY]:"ready",[p.FAILED]:"failed"},z=[[x.PUBLIC,"Public: listed on the home page"],[x.UNLISTED,"Unlisted: anyone with the link"],[x.PRIVATE,"Private: only you"]],R=class extends ${constructor(){super();this.acct=V(location.origin);this.watching=new Map;this.onAccount=()=>{this.requestUpdate(),this.load()};this.error="",this.transfers={},this.confirming=!1,this.saved=""}static{this.properties={videos:{state:!0},selected:{state:!0},error:{state:!0},transfers:{state:!0},confirming:{state:!0},saved:{state:!0}}}static{this.styles=[y,b`
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
    `]}connectedCallback(){super.connectedCallback(),this.acct.addEventListener("change",this.onAccount),this.load()}disconnectedCallback(){super.disconnectedCallback(),this.acct.removeEventListener("change",this.onAccount);for(let e of this.watching.values())e.abort()}async load(){for(let e of this.watching.values())e.abort();if(this.watching.clear(),!this.acct.address)return void(this.videos=void 0);try{let e=await this.acct.sg.videos.listVideos({ownerAddress:this.acct.address,pageSize:100});this.videos=e.videos;for(let t of e.videos)this.follow(t);this.selected??=e.videos[0]?.id}catch(e){this.fail(e)}}fail(e){let t=h(e);t.kind==="expired"&&this.acct.expire(),this.error=t.message}follow(e){if(e.status===p.READY||e.status===p.FAILED||this.watching.has(e.id))return;let t=new AbortController;this.watching.set(e.id,t),(async()=>{try{for await(let s of this.acct.sg.watchVideo(e.id,t.signal))if(this.replace(s),s.status===p.READY||s.status===p.FAILED)break}catch{}finally{this.watching.get(e.id)===t&&this.watching.delete(e.id)}})()}replace(e){this.videos=(this.videos??[]).map(t=>t.id===e.id?e:t)}get current(){return this.videos?.find(e=>e.id===this.selected)}render(){if(!this.acct.address)return o`<h1>Studio</h1><p>Sign in with the wallet that owns your videos.</p><sg-wallet server=${location.origin}></sg-wallet>`;let e=this.current;return o`<h1>Studio</h1>
      ${this.error?o`<p class="error" role="alert">${this.error}</p>`:l}
      <div class="layout">
        <div>
          ${this.createForm()}
          <h2 id="yours">Your videos</h2>
          ${this.videos?.length===0?o`<p class="muted">None yet: create one above.</p>`:l}
          <ul class="videos" aria-labelledby="yours">
            ${(this.videos??[]).map(t=>o`<li>
              <button aria-current=${t.id===this.selected?"true":"false"} data-video=${t.id} @click=${()=>this.select(t.id)}>
                <strong>${t.title}</strong><br>
                <span class="status" data-testid="status">${U[t.status]??"unknown"}${t.status===p.PROCESSING?` ${Math.round(t.progress*100)}%`:""}</span>
                ${t.status===p.PROCESSING?o`<progress max="100" value=${Math.round(t.progress*100)} aria-label="Processing"></progress>`:l}
              </button></li>`)}
          </ul>
        </div>
        <div>${e?this.detail(e):l}</div>
      </div>`}select(e){this.selected=e,this.confirming=!1,this.saved=""}createForm(){return o`<form class="panel" @submit=${this.create} aria-labelledby="new">
      <h2 id="new">New video</h2>
      <label for="new-title">Title</label><input id="new-title" name="title" required maxlength="200">
      <label for="new-vis">Visibility</label>
      <select id="new-vis" name="visibility">${z.map(([e,t])=>o`<option value=${e}>${t}</option>`)}</select>
      <p><button type="submit">Create</button></p>
    </form>`}async create(e){e.preventDefault();let t=e.target,s=new FormData(t);try{let a=(await this.acct.sg.videos.createVideo({title:String(s.get("title")),visibility:Number(s.get("visibility"))})).video;this.videos=[a,...this.videos??[]],this.select(a.id),t.reset(),this.error=""}catch(n){this.fail(n)}}detail(e){return o`<section class="panel" aria-labelledby="d-title">
        <h2 id="d-title">${e.title}</h2>
        <p class="status">Status: <strong data-testid="detail-status">${U[e.status]}</strong>
          ${e.status===p.FAILED?o` — <span class="error">${e.failureReason}</span>`:l}</p>
        ${e.status===p.WAITING_UPLOAD||this.transfers[e.id]?this.uploader(e):l}
      </section>
      <section class="panel">${this.editForm(e)}</section>
      <section class="panel"><sg-rule-builder video-id=${e.id} .acct=${this.acct}></sg-rule-builder></section>
      <section class="panel share">${this.share(e)}</section>
      <section class="panel">${this.deleter(e)}</section>`}uploader(e){let t=this.transfers[e.id],s=O(e.id),n=t&&t.total?100*t.loaded/t.total:0;return o`<h3>Upload</h3>
      ${!t&&s?o`<p role="status" data-testid="resume-hint">An upload of <strong>${s.name}</strong> was interrupted.
          Pick the same file again to resume: the parts already stored are not sent again.</p>`:l}
      ${!t||t.error?o`<div class="drop" @dragover=${this.dragOver} @dragleave=${this.dragLeave} @drop=${a=>this.drop(a,e.id)}>
          <p>Drop a video file here, or</p>
          <label for="file" class="sr-only">Choose a video file</label>
          <input id="file" type="file" accept="video/*" @change=${a=>this.picked(a,e.id)}>
        </div>`:l}
      ${t?o`<div data-testid="upload">
          <p>${t.phase==="hashing"?"Checking the file (SHA-256)\u2026":t.phase==="done"?"Uploaded: processing starts now.":`Uploading ${t.name}`}
            ${t.resumedFrom?o`<span data-testid="resumed"> — resumed, ${w(t.resumedFrom)} were already stored</span>`:l}</p>
          <progress max="100" value=${n.toFixed(1)} aria-label="Upload progress" data-testid="upload-progress"></progress>
          <p class="muted" aria-live="polite">${w(t.loaded)} of ${w(t.total)} (${n.toFixed(0)}%)
            ${t.phase==="uploading"&&t.speed>0?` \xB7 ${w(t.speed)}/s \xB7 ${q((t.total-t.loaded)/t.speed)} left`:""}</p>
          ${t.error?o`<p class="error" role="alert">${t.error}</p>`:l}
        </div>`:l}`}dragOver(e){e.preventDefault(),e.currentTarget.classList.add("over")}dragLeave(e){e.currentTarget.classList.remove("over")}drop(e,t){e.preventDefault(),e.currentTarget.classList.remove("over");let s=e.dataTransfer?.files[0];s&&this.upload(t,s)}picked(e,t){let s=e.target.files?.[0];s&&this.upload(t,s)}async upload(e,t){let s={name:t.name,phase:"hashing",loaded:0,total:t.size,speed:0,samples:[]},n=a=>{Object.assign(s,a),this.transfers={...this.transfers,[e]:{...s}}};n({});try{let a=await this.storedBytes(e,t);a>0&&n({resumedFrom:a}),await this.acct.sg.upload(e,t,{onProgress:d=>{let m=performance.now();for(d.phase==="uploading"&&s.phase!=="uploading"&&(s.samples=[]),s.samples.push([m,d.loaded]);s.samples.length>2&&m-s.samples[0][0]>3e3;)s.samples.shift();let[g,k]=s.samples[0],v=m>g?(d.loaded-k)*1e3/(m-g):0;n({phase:d.phase,loaded:d.loaded,total:d.total,speed:v})}}),n({phase:"done",loaded:t.size});let c=(await this.acct.sg.videos.getVideo({id:e})).video;this.replace(c),this.follow(c)}catch(a){let c=h(a),d=c.kind==="expired"?c.message:A.from(a).rawMessage;n({error:`The upload stopped (${d}). Pick the same file again to resume: stored parts are kept.`})}}async storedBytes(e,t){let s=O(e);if(!s||s.name!==t.name||s.size!==t.size)return 0;try{return((await this.acct.sg.uploads.getUpload({uploadId:s.uploadId})).upload?.parts??[]).reduce((a,c)=>a+Number(c.sizeBytes),0)}catch{return 0}}editForm(e){return o`<form @submit=${t=>this.save(t,e)} aria-labelledby="edit">
      <h3 id="edit">Details</h3>
      <label for="e-title">Title</label><input id="e-title" name="title" .value=${e.title} required maxlength="200">
      <label for="e-desc">Description</label><textarea id="e-desc" name="description" rows="3" maxlength="5000" .value=${e.description}></textarea>
      <label for="e-tags">Tags <span class="muted">(comma-separated)</span></label><input id="e-tags" name="tags" .value=${e.tags.join(", ")}>
      <label for="e-vis">Visibility</label>
      <select id="e-vis" name="visibility">${z.map(([t,s])=>o`<option value=${t} ?selected=${t===e.visibility}>${s}</option>`)}</select>
      <p class="row"><button type="submit">Save details</button><span role="status">${this.saved}</span></p>
    </form>`}async save(e,t){e.preventDefault();let s=new FormData(e.target),n=String(s.get("tags")).split(",").map(a=>a.trim()).filter(Boolean);try{let a=await this.acct.sg.videos.updateVideo({id:t.id,title:String(s.get("title")),description:String(s.get("description")),tags:n,visibility:Number(s.get("visibility")),updateMask:{paths:["title","description","tags","visibility"]}});this.replace(a.video),this.saved="Saved.",this.error=""}catch(a){this.saved="",this.fail(a)}}share(e){let t=`${location.origin}/v/${e.id}`,s=`<script src="${location.origin}/embed/player.js"><\/script>
<streamgate-player server="${location.origin}" video-id="${e.id}"></streamgate-player>`,n=`<iframe src="${location.origin}/embed/${e.id}" width="640" height="400" allow="fullscreen" style="border:0"></iframe>`,a=c=>navigator.clipboard?.writeText(c).then(()=>this.saved="Copied.",()=>{});return o`<h3>Share</h3>
      <label for="s-link">Watch link</label>
      <div class="row"><input id="s-link" readonly .value=${t}><button class="secondary" @click=${()=>a(t)}>Copy link</button><a href=${t}>Open</a></div>
      <label for="s-embed">Embed on another site</label>
      <textarea id="s-embed" readonly rows="3" .value=${s}></textarea>
      <button class="secondary" @click=${()=>a(s)}>Copy embed snippet</button>
      <label for="s-iframe">Or as an iframe</label>
      <textarea id="s-iframe" readonly rows="2" .value=${n}></textarea>
      <button class="secondary" @click=${()=>a(n)}>Copy iframe</button>`}deleter(e){return this.confirming?o`<div role="alertdialog" aria-labelledby="del-q">
      <p id="del-q"><strong>Delete “${e.title}”?</strong> Its files and rule are removed; links to it stop working. This cannot be undone.</p>
      <div class="row"><button class="danger" @click=${()=>this.deleteVideo(e)}>Yes, delete</button>
      <button class="secondary" @click=${()=>this.confirming=!1}>Cancel</button></div></div>`:o`<button class="danger" @click=${()=>this.confirming=!0}>Delete video…</button>`}async deleteVideo(e){try{await this.acct.sg.videos.deleteVideo({id:e.id}),this.watching.get(e.id)?.abort(),this.videos=(this.videos??[]).filter(t=>t.id!==e.id),this.select(this.videos[0]?.id??"")}catch(t){this.fail(t)}}};function O(r){try{let i=`streamgate:upload:${r}:`;for(let e=0;e<localStorage.length;e++){let t=localStorage.key(e);if(t?.startsWith(i))return JSON.parse(localStorage.getItem(t))}}catch{}}function w(r){return r>=1<<20?`${(r/(1<<20)).toFixed(1)} MB`:`${(r/1024).toFixed(0)} KB`}function q(r){if(!isFinite(r))return"\u2014";let i=Math.max(0,Math.round(r));return i<60?`${i} s`:`${Math.floor(i/60)} min ${i%60} s`}customElements.define("sg-studio",R);export{R as SgStudio};
