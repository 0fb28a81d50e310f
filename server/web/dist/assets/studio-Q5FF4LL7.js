import{a as b,b as a,c as l,d as $,f as A,g as S,h as I,k as h,l as T,m as D,o as L,q as M,r as V,s as y}from"./chunk-5PUNN7BZ.js";import"./chunk-WOT6VMZA.js";var u=S.Standard,H=[[u.AUTO,"NFT, detect ERC-721 or ERC-1155"],[u.ERC721,"ERC-721 NFT"],[u.ERC1155,"ERC-1155 token"],[u.ERC20,"ERC-20 token"]];function f(o=""){return{kind:"cond",chainId:o,contract:"",standard:u.ERC721,tokenIds:"",first:"",last:"",minAmount:""}}var C=class extends ${static{this.properties={videoId:{type:String,attribute:"video-id"},acct:{attribute:!1},root:{state:!0},current:{state:!0},errors:{state:!0},message:{state:!0},explained:{state:!0}}}static{this.styles=[y,b`
      :host { display: block; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0.5em 0; padding: 0.5em 0.8em; }
      legend { font-weight: 600; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: 0 0.8em; }
      input { width: 100%; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
    `]}constructor(){super(),this.videoId="",this.root={kind:"group",op:"any",items:[f()]},this.errors=new Map,this.message=""}updated(s){s.has("videoId")&&this.videoId&&this.acct&&this.load()}async load(){this.errors=new Map,this.message="",this.explained=void 0;try{let s=await this.acct.sg.gate.getAccessRule({videoId:this.videoId});this.current=s.rule,this.root=s.rule?P(s.rule):{kind:"group",op:"any",items:[f(String(this.acct.chainId??""))]}}catch(s){this.message=h(s).message}}render(){return a`<h3>Who may watch</h3>
      <p>${this.current?a`Now: ${L(this.current)}`:a`Now: <strong>anyone who signs in</strong> (no rule).`}</p>
      <datalist id="chains">${D.map(s=>a`<option value=${s.id}>${s.name}</option>`)}</datalist>
      <form @submit=${this.save} novalidate>
        ${this.group(this.root,"rule",!0)}
        <div class="row">
          <button type="submit">Save rule</button>
          ${this.current?a`<button type="button" class="secondary" @click=${this.clear}>Remove rule (open to all)</button>`:l}
        </div>
        <p role="status" aria-live="polite" class=${this.errors.size||this.message.startsWith("Could")?"error":""} data-testid="rule-message">${this.message}</p>
      </form>
      ${this.tester()}`}group(s,e,t=!1){let i=`${e}.${s.op}`;return a`<fieldset>
      <legend>${t?"Rule":"Group"}</legend>
      <label>Viewers need
        <select .value=${s.op} @change=${n=>this.edit(()=>s.op=n.target.value)}>
          <option value="any">any one of these</option><option value="all">all of these</option>
        </select></label>
      ${s.items.map((n,r)=>n.kind==="cond"?this.cond(s,n,r,`${i}.rules[${r}].condition`):this.group(n,`${i}.rules[${r}]`))}
      ${this.errors.get(`${i}.rules`)?a`<span class="field-error">${this.errors.get(`${i}.rules`)}</span>`:l}
      <div class="row">
        <button type="button" class="secondary" @click=${()=>this.edit(()=>s.items.push(f(F(s))))}>Add condition</button>
        <button type="button" class="secondary" @click=${()=>this.edit(()=>s.items.push({kind:"group",op:s.op==="any"?"all":"any",items:[f(F(s))]}))}>Add group</button>
      </div>
    </fieldset>`}cond(s,e,t,i){let n=`${i}`.replace(/[^\w]/g,"_"),r=(d,m,g,k)=>{let v=k.map(E=>this.errors.get(`${i}.${E}`)).find(Boolean);return a`<div><label for="${n}_${d}">${m}</label>
        <input id="${n}_${d}" name=${d} .value=${String(e[d])} placeholder=${g}
          list=${d==="chainId"?"chains":l} inputmode=${d==="contract"?"text":"numeric"}
          aria-invalid=${v?"true":"false"} aria-describedby=${v?`${n}_${d}_err`:l}
          @input=${E=>e[d]=E.target.value}>
        ${v?a`<span class="field-error" id="${n}_${d}_err" role="alert">${v}</span>`:l}</div>`},c=e.standard;return a`<fieldset data-path=${i}>
      <legend>Condition ${t+1}</legend>
      <div class="grid">
        ${r("chainId","Chain id","e.g. 1 for Ethereum",["chain_id"])}
        ${r("contract","Contract address","0x\u2026",["contract"])}
        <div><label for="${n}_standard">Token standard</label>
          <select id="${n}_standard" @change=${d=>this.edit(()=>e.standard=Number(d.target.value))}>
            ${H.map(([d,m])=>a`<option value=${d} ?selected=${d===c}>${m}</option>`)}</select></div>
        ${c!==u.ERC20?r("tokenIds",c===u.ERC1155?"Token id":"Token ids (optional, comma-separated)",c===u.ERC1155?"e.g. 7":"any token",["token_ids"]):l}
        ${c===u.ERC721||c===u.AUTO?r("first","Ids from (optional)","first",["token_range.first","token_range"]):l}
        ${c===u.ERC721||c===u.AUTO?r("last","Ids to","last",["token_range.last"]):l}
        ${r("minAmount",c===u.ERC20?"Minimum amount (base units)":"Minimum count","1",["min_amount"])}
      </div>
      ${this.errors.get(i)?a`<span class="field-error" role="alert">${this.errors.get(i)}</span>`:l}
      ${s.items.length>1?a`<button type="button" class="secondary" @click=${()=>this.edit(()=>s.items.splice(t,1))}>Remove condition</button>`:l}
    </fieldset>`}edit(s){s(),this.root={...this.root}}async save(s){s.preventDefault(),this.errors=new Map,this.message="Saving\u2026";try{let e=await this.acct.sg.gate.setAccessRule({videoId:this.videoId,rule:_(this.root)});this.current=e.rule,e.rule&&(this.root=P(e.rule)),this.message="Rule saved: it applies to the next playback check."}catch(e){let t=h(e);this.errors=t.kind==="invalid"?W(e,this.root):new Map,this.message=this.errors.size?"Could not save: correct the marked field.":`Could not save: ${t.message}`}}async clear(){try{await this.acct.sg.gate.clearAccessRule({videoId:this.videoId}),this.current=void 0,this.message="Rule removed: anyone who signs in may watch."}catch(s){this.message=`Could not remove: ${h(s).message}`}}tester(){let s=this.explained;return a`<form class="row" @submit=${this.explain} aria-labelledby="t-h">
        <h3 id="t-h">Test a wallet</h3>
        <label for="t-addr" class="sr-only">Wallet address to test</label>
        <input id="t-addr" name="address" placeholder="0x… wallet address" required>
        <button type="submit">Test</button>
      </form>
      ${s&&"error"in s?a`<p class="error" role="alert">${s.error}</p>`:l}
      ${s&&!("error"in s)?a`<div data-testid="explain" role="status"><p><strong class=${s.allowed?"ok":"no"}>${s.allowed?"This wallet may watch.":"This wallet may not watch."}</strong>
            ${s.reason?a`<span class="muted">${s.reason}</span>`:l}</p>${M(s.evaluation)}</div>`:l}`}async explain(s){s.preventDefault();let e=String(new FormData(s.target).get("address")).trim();try{this.explained=await this.acct.sg.gate.explainAccess({videoId:this.videoId,address:e})}catch(t){let i=h(t);this.explained={error:i.kind==="unavailable"?i.message:`Cannot test: ${i.message}`}}}};function F(o){let s=o.items[o.items.length-1];return s?.kind==="cond"?s.chainId:""}function _(o){if(o.kind==="group")return{node:{case:o.op,value:{rules:o.items.map(_)}}};let s=o.tokenIds.split(",").map(t=>t.trim()).filter(Boolean);return{node:{case:"condition",value:{chainId:/^\d+$/.test(o.chainId.trim())?BigInt(o.chainId.trim()):0n,contract:o.contract.trim(),standard:o.standard,tokenIds:s,tokenRange:o.first.trim()||o.last.trim()?{first:o.first.trim(),last:o.last.trim()}:void 0,minAmount:o.minAmount.trim()}}}}function P(o){let s=N(o);return s.kind==="group"?s:{kind:"group",op:"any",items:[s]}}function N(o){let s=o.node;if(s.case==="any"||s.case==="all")return{kind:"group",op:s.case,items:s.value.rules.map(N)};if(s.case==="condition"){let e=s.value;return{kind:"cond",chainId:String(e.chainId),contract:e.contract,standard:e.standard,tokenIds:e.tokenIds.join(", "),first:e.tokenRange?.first??"",last:e.tokenRange?.last??"",minAmount:e.minAmount}}return f()}function W(o,s){let e=T(o);if(e.size)return e;let t=h(o).message,i=/condition on (\S*) \(chain (\d+)\): (.+)$/.exec(t);if(!i)return e;let[,n,r,c]=i,d=G(s,"rule",g=>g.contract.trim().toLowerCase()===n.toLowerCase()&&g.chainId.trim()===r);if(!d)return e;let m=/chain \d+ is not configured/.test(c)?"chain_id":/token range/.test(c)?"token_range.first":/token id/.test(c)?"token_ids":/min_amount/.test(c)?"min_amount":"contract";return e.set(`${d}.${m}`,c),e}function G(o,s,e){let t=`${s}.${o.op}`;for(let[i,n]of o.items.entries()){if(n.kind==="cond"&&e(n))return`${t}.rules[${i}].condition`;if(n.kind==="group"){let r=G(n,`${t}.rules[${i}]`,e);if(r)return r}}}customElements.define("sg-rule-builder",C);var p=I.Status,x=I.Visibility,U={[p.WAITING_UPLOAD]:"waiting for upload",[p.UPLOADED]:"uploaded, queued",[p.PROCESSING]:"processing",[p.READY]:"ready",[p.FAILED]:"failed"},z=[[x.PUBLIC,"Public: listed on the home page"],[x.UNLISTED,"Unlisted: anyone with the link"],[x.PRIVATE,"Private: only you"]],R=class extends ${constructor(){super();this.acct=V(location.origin);this.watching=new Map;this.onAccount=()=>{this.requestUpdate(),this.load()};this.error="",this.transfers={},this.confirming=!1,this.saved=""}static{this.properties={videos:{state:!0},selected:{state:!0},error:{state:!0},transfers:{state:!0},confirming:{state:!0},saved:{state:!0}}}static{this.styles=[y,b`
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
    `]}connectedCallback(){super.connectedCallback(),this.acct.addEventListener("change",this.onAccount),this.load()}disconnectedCallback(){super.disconnectedCallback(),this.acct.removeEventListener("change",this.onAccount);for(let e of this.watching.values())e.abort()}async load(){for(let e of this.watching.values())e.abort();if(this.watching.clear(),!this.acct.address)return void(this.videos=void 0);try{let e=await this.acct.sg.videos.listVideos({ownerAddress:this.acct.address,pageSize:100});this.videos=e.videos;for(let t of e.videos)this.follow(t);this.selected??=e.videos[0]?.id}catch(e){this.fail(e)}}fail(e){let t=h(e);t.kind==="expired"&&this.acct.expire(),this.error=t.message}follow(e){if(e.status===p.READY||e.status===p.FAILED||this.watching.has(e.id))return;let t=new AbortController;this.watching.set(e.id,t),(async()=>{try{for await(let i of this.acct.sg.watchVideo(e.id,t.signal))if(this.replace(i),i.status===p.READY||i.status===p.FAILED)break}catch{}finally{this.watching.get(e.id)===t&&this.watching.delete(e.id)}})()}replace(e){this.videos=(this.videos??[]).map(t=>t.id===e.id?e:t)}get current(){return this.videos?.find(e=>e.id===this.selected)}render(){if(!this.acct.address)return a`<h1>Studio</h1><p>Sign in with the wallet that owns your videos.</p><sg-wallet server=${location.origin}></sg-wallet>`;let e=this.current;return a`<h1>Studio</h1>
      ${this.error?a`<p class="error" role="alert">${this.error}</p>`:l}
      <div class="layout">
        <div>
          ${this.createForm()}
          <h2 id="yours">Your videos</h2>
          ${this.videos?.length===0?a`<p class="muted">None yet: create one above.</p>`:l}
          <ul class="videos" aria-labelledby="yours">
            ${(this.videos??[]).map(t=>a`<li>
              <button aria-current=${t.id===this.selected?"true":"false"} data-video=${t.id} @click=${()=>this.select(t.id)}>
                <strong>${t.title}</strong><br>
                <span class="status" data-testid="status">${U[t.status]??"unknown"}${t.status===p.PROCESSING?` ${Math.round(t.progress*100)}%`:""}</span>
                ${t.status===p.PROCESSING?a`<progress max="100" value=${Math.round(t.progress*100)} aria-label="Processing"></progress>`:l}
              </button></li>`)}
          </ul>
        </div>
        <div>${e?this.detail(e):l}</div>
      </div>`}select(e){this.selected=e,this.confirming=!1,this.saved=""}createForm(){return a`<form class="panel" @submit=${this.create} aria-labelledby="new">
      <h2 id="new">New video</h2>
      <label for="new-title">Title</label><input id="new-title" name="title" required maxlength="200">
      <label for="new-vis">Visibility</label>
      <select id="new-vis" name="visibility">${z.map(([e,t])=>a`<option value=${e}>${t}</option>`)}</select>
      <p><button type="submit">Create</button></p>
    </form>`}async create(e){e.preventDefault();let t=e.target,i=new FormData(t);try{let r=(await this.acct.sg.videos.createVideo({title:String(i.get("title")),visibility:Number(i.get("visibility"))})).video;this.videos=[r,...this.videos??[]],this.select(r.id),t.reset(),this.error=""}catch(n){this.fail(n)}}detail(e){return a`<section class="panel" aria-labelledby="d-title">
        <h2 id="d-title">${e.title}</h2>
        <p class="status">Status: <strong data-testid="detail-status">${U[e.status]}</strong>
          ${e.status===p.FAILED?a` — <span class="error">${e.failureReason}</span>`:l}</p>
        ${e.status===p.WAITING_UPLOAD||this.transfers[e.id]?this.uploader(e):l}
      </section>
      <section class="panel">${this.editForm(e)}</section>
      <section class="panel"><sg-rule-builder video-id=${e.id} .acct=${this.acct}></sg-rule-builder></section>
      <section class="panel share">${this.share(e)}</section>
      <section class="panel">${this.deleter(e)}</section>`}uploader(e){let t=this.transfers[e.id],i=O(e.id),n=t&&t.total?100*t.loaded/t.total:0;return a`<h3>Upload</h3>
      ${!t&&i?a`<p role="status" data-testid="resume-hint">An upload of <strong>${i.name}</strong> was interrupted.
          Pick the same file again to resume: the parts already stored are not sent again.</p>`:l}
      ${!t||t.error?a`<div class="drop" @dragover=${this.dragOver} @dragleave=${this.dragLeave} @drop=${r=>this.drop(r,e.id)}>
          <p>Drop a video file here, or</p>
          <label for="file" class="sr-only">Choose a video file</label>
          <input id="file" type="file" accept="video/*" @change=${r=>this.picked(r,e.id)}>
        </div>`:l}
      ${t?a`<div data-testid="upload">
          <p>${t.phase==="hashing"?"Checking the file (SHA-256)\u2026":t.phase==="done"?"Uploaded: processing starts now.":`Uploading ${t.name}`}
            ${t.resumedFrom?a`<span data-testid="resumed"> — resumed, ${w(t.resumedFrom)} were already stored</span>`:l}</p>
          <progress max="100" value=${n.toFixed(1)} aria-label="Upload progress" data-testid="upload-progress"></progress>
          <p class="muted" aria-live="polite">${w(t.loaded)} of ${w(t.total)} (${n.toFixed(0)}%)
            ${t.phase==="uploading"&&t.speed>0?` \xB7 ${w(t.speed)}/s \xB7 ${B((t.total-t.loaded)/t.speed)} left`:""}</p>
          ${t.error?a`<p class="error" role="alert">${t.error}</p>`:l}
        </div>`:l}`}dragOver(e){e.preventDefault(),e.currentTarget.classList.add("over")}dragLeave(e){e.currentTarget.classList.remove("over")}drop(e,t){e.preventDefault(),e.currentTarget.classList.remove("over");let i=e.dataTransfer?.files[0];i&&this.upload(t,i)}picked(e,t){let i=e.target.files?.[0];i&&this.upload(t,i)}async upload(e,t){let i={name:t.name,phase:"hashing",loaded:0,total:t.size,speed:0,samples:[]},n=r=>{Object.assign(i,r),this.transfers={...this.transfers,[e]:{...i}}};n({});try{let r=await this.storedBytes(e,t);r>0&&n({resumedFrom:r}),await this.acct.sg.upload(e,t,{onProgress:d=>{let m=performance.now();for(d.phase==="uploading"&&i.phase!=="uploading"&&(i.samples=[]),i.samples.push([m,d.loaded]);i.samples.length>2&&m-i.samples[0][0]>3e3;)i.samples.shift();let[g,k]=i.samples[0],v=m>g?(d.loaded-k)*1e3/(m-g):0;n({phase:d.phase,loaded:d.loaded,total:d.total,speed:v})}}),n({phase:"done",loaded:t.size});let c=(await this.acct.sg.videos.getVideo({id:e})).video;this.replace(c),this.follow(c)}catch(r){let c=h(r),d=c.kind==="expired"?c.message:A.from(r).rawMessage;n({error:`The upload stopped (${d}). Pick the same file again to resume: stored parts are kept.`})}}async storedBytes(e,t){let i=O(e);if(!i||i.name!==t.name||i.size!==t.size)return 0;try{return((await this.acct.sg.uploads.getUpload({uploadId:i.uploadId})).upload?.parts??[]).reduce((r,c)=>r+Number(c.sizeBytes),0)}catch{return 0}}editForm(e){return a`<form @submit=${t=>this.save(t,e)} aria-labelledby="edit">
      <h3 id="edit">Details</h3>
      <label for="e-title">Title</label><input id="e-title" name="title" .value=${e.title} required maxlength="200">
      <label for="e-desc">Description</label><textarea id="e-desc" name="description" rows="3" maxlength="5000" .value=${e.description}></textarea>
      <label for="e-tags">Tags <span class="muted">(comma-separated)</span></label><input id="e-tags" name="tags" .value=${e.tags.join(", ")}>
      <label for="e-vis">Visibility</label>
      <select id="e-vis" name="visibility">${z.map(([t,i])=>a`<option value=${t} ?selected=${t===e.visibility}>${i}</option>`)}</select>
      <p class="row"><button type="submit">Save details</button><span role="status">${this.saved}</span></p>
    </form>`}async save(e,t){e.preventDefault();let i=new FormData(e.target),n=String(i.get("tags")).split(",").map(r=>r.trim()).filter(Boolean);try{let r=await this.acct.sg.videos.updateVideo({id:t.id,title:String(i.get("title")),description:String(i.get("description")),tags:n,visibility:Number(i.get("visibility")),updateMask:{paths:["title","description","tags","visibility"]}});this.replace(r.video),this.saved="Saved.",this.error=""}catch(r){this.saved="",this.fail(r)}}share(e){let t=`${location.origin}/v/${e.id}`,i=`<script src="${location.origin}/embed/player.js"><\/script>
<streamgate-player server="${location.origin}" video-id="${e.id}"></streamgate-player>`,n=`<iframe src="${location.origin}/embed/${e.id}" width="640" height="400" allow="fullscreen" style="border:0"></iframe>`,r=c=>navigator.clipboard?.writeText(c).then(()=>this.saved="Copied.",()=>{});return a`<h3>Share</h3>
      <label for="s-link">Watch link</label>
      <div class="row"><input id="s-link" readonly .value=${t}><button class="secondary" @click=${()=>r(t)}>Copy link</button><a href=${t}>Open</a></div>
      <label for="s-embed">Embed on another site</label>
      <textarea id="s-embed" readonly rows="3" .value=${i}></textarea>
      <button class="secondary" @click=${()=>r(i)}>Copy embed snippet</button>
      <label for="s-iframe">Or as an iframe</label>
      <textarea id="s-iframe" readonly rows="2" .value=${n}></textarea>
      <button class="secondary" @click=${()=>r(n)}>Copy iframe</button>`}deleter(e){return this.confirming?a`<div role="alertdialog" aria-labelledby="del-q">
      <p id="del-q"><strong>Delete “${e.title}”?</strong> Its files and rule are removed; links to it stop working. This cannot be undone.</p>
      <div class="row"><button class="danger" @click=${()=>this.deleteVideo(e)}>Yes, delete</button>
      <button class="secondary" @click=${()=>this.confirming=!1}>Cancel</button></div></div>`:a`<button class="danger" @click=${()=>this.confirming=!0}>Delete video…</button>`}async deleteVideo(e){try{await this.acct.sg.videos.deleteVideo({id:e.id}),this.watching.get(e.id)?.abort(),this.videos=(this.videos??[]).filter(t=>t.id!==e.id),this.select(this.videos[0]?.id??"")}catch(t){this.fail(t)}}};function O(o){try{let s=`streamgate:upload:${o}:`;for(let e=0;e<localStorage.length;e++){let t=localStorage.key(e);if(t?.startsWith(s))return JSON.parse(localStorage.getItem(t))}}catch{}}function w(o){return o>=1<<20?`${(o/(1<<20)).toFixed(1)} MB`:`${(o/1024).toFixed(0)} KB`}function B(o){if(!isFinite(o))return"\u2014";let s=Math.max(0,Math.round(o));return s<60?`${s} s`:`${Math.floor(s/60)} min ${s%60} s`}customElements.define("sg-studio",R);export{R as SgStudio};
