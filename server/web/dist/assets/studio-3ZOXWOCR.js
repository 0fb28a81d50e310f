import{a as $,b as o,c as d,d as b,f as A,g as L,h as C,k as g,l as M,n as P,o as D,p as x,q as V,s as _,t as F,u as y}from"./chunk-WJWBIXV3.js";import"./chunk-WOT6VMZA.js";var p=L.Standard,q=[[p.AUTO,"NFT, detect ERC-721 or ERC-1155"],[p.ERC721,"ERC-721 NFT"],[p.ERC1155,"ERC-1155 token"],[p.ERC20,"ERC-20 token"]];function v(a=""){return{kind:"cond",chainId:a,contract:"",standard:p.ERC721,tokenIds:"",first:"",last:"",minAmount:""}}var R=class extends b{constructor(){super();this.contracts=new Map;this.videoId="",this.root={kind:"group",op:"any",items:[v()]},this.errors=new Map,this.message=""}static{this.properties={videoId:{type:String,attribute:"video-id"},acct:{attribute:!1},root:{state:!0},current:{state:!0},errors:{state:!0},message:{state:!0},explained:{state:!0},chains:{state:!0}}}static{this.styles=[y,$`
      :host { display: block; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0.5em 0; padding: 0.5em 0.8em; }
      legend { font-weight: 600; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: 0 0.8em; }
      input, select { width: 100%; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
    `]}updated(e){e.has("videoId")&&this.videoId&&this.acct&&this.load()}async load(){this.errors=new Map,this.message="",this.explained=void 0;try{let[e,t]=await Promise.all([this.acct.sg.gate.getAccessRule({videoId:this.videoId}),P(this.acct.sg)]);this.chains=t,this.current=e.rule,this.contracts=x(e.contracts),this.root=e.rule?G(e.rule):{kind:"group",op:"any",items:[v(this.defaultChain())]}}catch(e){this.message=g(e).message}}defaultChain(){let e=(this.chains??[]).map(i=>String(i.chainId)),t=String(this.acct?.chainId??"");return e.includes(t)?t:e[0]??""}render(){return o`<h3>Who may watch</h3>
      <p>${this.current?o`Now: ${V(this.current,this.contracts)}`:o`Now: <strong>no rule</strong>: anyone who may see the video watches it, no wallet needed.`}</p>
      ${this.chains&&!this.chains.length?o`<p class="error" role="alert">This server reads no chain, so no rule can be checked: its operator adds one with <code>--chain-rpc</code>.</p>`:d}
      <form @submit=${this.save} novalidate>
        ${this.group(this.root,"rule",!0)}
        <div class="row">
          <button type="submit">Save rule</button>
          ${this.current?o`<button type="button" class="secondary" @click=${this.clear}>Remove rule (open to all)</button>`:d}
        </div>
        <p role="status" aria-live="polite" class=${this.errors.size||this.message.startsWith("Could")?"error":""} data-testid="rule-message">${this.message}</p>
      </form>
      ${this.tester()}`}group(e,t,i=!1){let r=`${t}.${e.op}`;return o`<fieldset>
      <legend>${i?"Rule":"Group"}</legend>
      <label>Viewers need
        <select .value=${e.op} @change=${s=>this.edit(()=>e.op=s.target.value)}>
          <option value="any">any one of these</option><option value="all">all of these</option>
        </select></label>
      ${e.items.map((s,n)=>s.kind==="cond"?this.cond(e,s,n,`${r}.rules[${n}].condition`):this.group(s,`${r}.rules[${n}]`))}
      ${this.errors.get(`${r}.rules`)?o`<span class="field-error">${this.errors.get(`${r}.rules`)}</span>`:d}
      <div class="row">
        <button type="button" class="secondary" @click=${()=>this.edit(()=>e.items.push(v(N(e))))}>Add condition</button>
        <button type="button" class="secondary" @click=${()=>this.edit(()=>e.items.push({kind:"group",op:e.op==="any"?"all":"any",items:[v(N(e))]}))}>Add group</button>
      </div>
    </fieldset>`}chainPicker(e,t,i){let r=this.errors.get(`${i}.chain_id`),s=(this.chains??[]).map(n=>String(n.chainId));return e.chainId&&!s.includes(e.chainId)&&s.push(e.chainId),o`<div><label for="${t}_chainId">Chain</label>
      <select id="${t}_chainId" name="chainId" aria-invalid=${r?"true":"false"} aria-describedby=${r?`${t}_chainId_err`:d}
        @change=${n=>e.chainId=n.target.value}>
        ${e.chainId?d:o`<option value="" selected>Pick a chain</option>`}
        ${s.map(n=>o`<option value=${n} ?selected=${n===e.chainId}>${D(n)}</option>`)}
      </select>
      ${r?o`<span class="field-error" id="${t}_chainId_err" role="alert">${r}</span>`:d}</div>`}cond(e,t,i,r){let s=`${r}`.replace(/[^\w]/g,"_"),n=(u,m,k,I)=>{let f=I.map(E=>this.errors.get(`${r}.${E}`)).find(Boolean);return o`<div><label for="${s}_${u}">${m}</label>
        <input id="${s}_${u}" name=${u} .value=${String(t[u])} placeholder=${k}
          inputmode=${u==="contract"?"text":"numeric"}
          aria-invalid=${f?"true":"false"} aria-describedby=${f?`${s}_${u}_err`:d}
          @input=${E=>t[u]=E.target.value}>
        ${f?o`<span class="field-error" id="${s}_${u}_err" role="alert">${f}</span>`:d}</div>`},c=t.standard;return o`<fieldset data-path=${r}>
      <legend>Condition ${i+1}</legend>
      <div class="grid">
        ${this.chainPicker(t,s,r)}
        ${n("contract","Contract address","0x\u2026",["contract"])}
        <div><label for="${s}_standard">Token standard</label>
          <select id="${s}_standard" @change=${u=>this.edit(()=>t.standard=Number(u.target.value))}>
            ${q.map(([u,m])=>o`<option value=${u} ?selected=${u===c}>${m}</option>`)}</select></div>
        ${c!==p.ERC20?n("tokenIds",c===p.ERC1155?"Token id":"Token ids (optional, comma-separated)",c===p.ERC1155?"e.g. 7":"any token",["token_ids"]):d}
        ${c===p.ERC721||c===p.AUTO?n("first","Ids from (optional)","first",["token_range.first","token_range"]):d}
        ${c===p.ERC721||c===p.AUTO?n("last","Ids to","last",["token_range.last"]):d}
        ${n("minAmount",c===p.ERC20?"Minimum amount (base units)":"Minimum count","1",["min_amount"])}
      </div>
      ${this.errors.get(r)?o`<span class="field-error" role="alert">${this.errors.get(r)}</span>`:d}
      ${e.items.length>1?o`<button type="button" class="secondary" @click=${()=>this.edit(()=>e.items.splice(i,1))}>Remove condition</button>`:d}
    </fieldset>`}edit(e){e(),this.root={...this.root}}async save(e){e.preventDefault(),this.errors=new Map,this.message="Saving\u2026";try{let t=await this.acct.sg.gate.setAccessRule({videoId:this.videoId,rule:U(j(this.root))});this.current=t.rule,t.rule&&(this.root=G(t.rule)),this.message="Rule saved: it applies to the next playback check.";let i=await this.acct.sg.gate.getAccessRule({videoId:this.videoId}).catch(()=>{});i&&(this.contracts=x(i.contracts)),this.requestUpdate()}catch(t){let i=g(t);this.errors=i.kind==="invalid"?Y(t,this.root):new Map;let r=`rule.${this.root.op}.rules[0].condition`;this.errors=new Map([...this.errors].map(([s,n])=>[s.replace(/^rule\.condition\b/,r),n])),this.message=this.errors.size?"Could not save: correct the marked field.":`Could not save: ${i.message}`}}async clear(){try{await this.acct.sg.gate.clearAccessRule({videoId:this.videoId}),this.current=void 0,this.message="Rule removed: anyone who may see the video watches it, no wallet needed."}catch(e){this.message=`Could not remove: ${g(e).message}`}}tester(){let e=this.explained;return o`<form class="row" @submit=${this.explain} aria-labelledby="t-h">
        <h3 id="t-h">Test a wallet</h3>
        <label for="t-addr" class="sr-only">Wallet address to test</label>
        <input id="t-addr" name="address" placeholder="0x… wallet address" required>
        <button type="submit">Test</button>
      </form>
      ${e&&"error"in e?o`<p class="error" role="alert">${e.error}</p>`:d}
      ${e&&!("error"in e)?o`<div data-testid="explain" role="status"><p><strong class=${e.allowed?"ok":"no"}>${e.allowed?"This wallet may watch.":"This wallet may not watch."}</strong>
            ${e.reason?o`<span class="muted">${e.reason}</span>`:d}</p>${_(e.evaluation)}</div>`:d}`}async explain(e){e.preventDefault();let t=String(new FormData(e.target).get("address")).trim();try{this.explained=await this.acct.sg.gate.explainAccess({videoId:this.videoId,address:t})}catch(i){let r=g(i);this.explained={error:r.kind==="unavailable"?r.message:`Cannot test: ${r.message}`}}}};function j(a){return a.items.length===1&&a.items[0].kind==="cond"?a.items[0]:a}function N(a){let l=a.items[a.items.length-1];return l?.kind==="cond"?l.chainId:""}function U(a){if(a.kind==="group")return{node:{case:a.op,value:{rules:a.items.map(U)}}};let l=a.tokenIds.split(",").map(t=>t.trim()).filter(Boolean);return{node:{case:"condition",value:{chainId:/^\d+$/.test(a.chainId.trim())?BigInt(a.chainId.trim()):0n,contract:a.contract.trim(),standard:a.standard,tokenIds:l,tokenRange:a.first.trim()||a.last.trim()?{first:a.first.trim(),last:a.last.trim()}:void 0,minAmount:a.minAmount.trim()}}}}function G(a){let l=z(a);return l.kind==="group"?l:{kind:"group",op:"any",items:[l]}}function z(a){let l=a.node;if(l.case==="any"||l.case==="all")return{kind:"group",op:l.case,items:l.value.rules.map(z)};if(l.case==="condition"){let e=l.value;return{kind:"cond",chainId:String(e.chainId),contract:e.contract,standard:e.standard,tokenIds:e.tokenIds.join(", "),first:e.tokenRange?.first??"",last:e.tokenRange?.last??"",minAmount:e.minAmount}}return v()}function Y(a,l){let e=M(a);if(e.size)return e;let t=g(a).message,i=/condition on (\S*) \(chain (\d+)\): (.+)$/.exec(t);if(!i)return e;let[,r,s,n]=i,c=O(l,"rule",m=>m.contract.trim().toLowerCase()===r.toLowerCase()&&m.chainId.trim()===s);if(!c)return e;let u=/chain \d+ is not configured/.test(n)?"chain_id":/token range/.test(n)?"token_range.first":/token id/.test(n)?"token_ids":/min_amount/.test(n)?"min_amount":"contract";return e.set(`${c}.${u}`,n),e}function O(a,l,e){let t=`${l}.${a.op}`;for(let[i,r]of a.items.entries()){if(r.kind==="cond"&&e(r))return`${t}.rules[${i}].condition`;if(r.kind==="group"){let s=O(r,`${t}.rules[${i}]`,e);if(s)return s}}}customElements.define("sg-rule-builder",R);var h=C.Status,S=C.Visibility,H={[h.WAITING_UPLOAD]:"waiting for upload",[h.UPLOADED]:"uploaded, queued",[h.PROCESSING]:"processing",[h.READY]:"ready",[h.FAILED]:"failed"},W=[[S.PUBLIC,"Public: listed on the home page"],[S.UNLISTED,"Unlisted: anyone with the link"],[S.PRIVATE,"Private: only you"]],T=class extends b{constructor(){super();this.acct=F(location.origin);this.watching=new Map;this.onAccount=()=>{this.requestUpdate(),this.load()};this.error="",this.transfers={},this.confirming=!1,this.saved=""}static{this.properties={videos:{state:!0},selected:{state:!0},error:{state:!0},transfers:{state:!0},confirming:{state:!0},saved:{state:!0}}}static{this.styles=[y,$`
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
    `]}connectedCallback(){super.connectedCallback(),this.acct.addEventListener("change",this.onAccount),this.load()}disconnectedCallback(){super.disconnectedCallback(),this.acct.removeEventListener("change",this.onAccount);for(let e of this.watching.values())e.abort()}async load(){for(let e of this.watching.values())e.abort();if(this.watching.clear(),!this.acct.address)return void(this.videos=void 0);try{let e=await this.acct.sg.videos.listVideos({ownerAddress:this.acct.address,pageSize:100});this.videos=e.videos;for(let t of e.videos)this.follow(t);this.selected??=e.videos[0]?.id}catch(e){this.fail(e)}}fail(e){let t=g(e);t.kind==="expired"&&this.acct.expire(),this.error=t.message}follow(e){if(e.status===h.READY||e.status===h.FAILED||this.watching.has(e.id))return;let t=new AbortController;this.watching.set(e.id,t),(async()=>{try{for await(let i of this.acct.sg.watchVideo(e.id,t.signal))if(this.replace(i),i.status===h.READY||i.status===h.FAILED)break}catch{}finally{this.watching.get(e.id)===t&&this.watching.delete(e.id)}})()}replace(e){this.videos=(this.videos??[]).map(t=>t.id===e.id?e:t)}get current(){return this.videos?.find(e=>e.id===this.selected)}render(){if(!this.acct.address)return o`<h1>Studio</h1><p>Sign in with the wallet that owns your videos.</p><sg-wallet server=${location.origin}></sg-wallet>`;let e=this.current;return o`<h1>Studio</h1>
      ${this.error?o`<p class="error" role="alert">${this.error}</p>`:d}
      <div class="layout">
        <div>
          ${this.createForm()}
          <h2 id="yours">Your videos</h2>
          ${this.videos?.length===0?o`<p class="muted">None yet: create one above.</p>`:d}
          <ul class="videos" aria-labelledby="yours">
            ${(this.videos??[]).map(t=>o`<li>
              <button aria-current=${t.id===this.selected?"true":"false"} data-video=${t.id} @click=${()=>this.select(t.id)}>
                <strong>${t.title}</strong><br>
                <span class="status" data-testid="status">${H[t.status]??"unknown"}${t.status===h.PROCESSING?` ${Math.round(t.progress*100)}%`:""}</span>
                ${t.status===h.PROCESSING?o`<progress max="100" value=${Math.round(t.progress*100)} aria-label="Processing"></progress>`:d}
              </button></li>`)}
          </ul>
        </div>
        <div>${e?this.detail(e):d}</div>
      </div>`}select(e){this.selected=e,this.confirming=!1,this.saved=""}createForm(){return o`<form class="panel" @submit=${this.create} aria-labelledby="new">
      <h2 id="new">New video</h2>
      <label for="new-title">Title</label><input id="new-title" name="title" required maxlength="200">
      <label for="new-vis">Visibility</label>
      <select id="new-vis" name="visibility">${W.map(([e,t])=>o`<option value=${e}>${t}</option>`)}</select>
      <p><button type="submit">Create</button></p>
    </form>`}async create(e){e.preventDefault();let t=e.target,i=new FormData(t);try{let s=(await this.acct.sg.videos.createVideo({title:String(i.get("title")),visibility:Number(i.get("visibility"))})).video;this.videos=[s,...this.videos??[]],this.select(s.id),t.reset(),this.error=""}catch(r){this.fail(r)}}detail(e){return o`<section class="panel" aria-labelledby="d-title">
        <h2 id="d-title">${e.title}</h2>
        <p class="status">Status: <strong data-testid="detail-status">${H[e.status]}</strong>
          ${e.status===h.FAILED?o` — <span class="error">${e.failureReason}</span>`:d}</p>
        ${e.status===h.WAITING_UPLOAD||this.transfers[e.id]?this.uploader(e):d}
      </section>
      <section class="panel">${this.editForm(e)}</section>
      <section class="panel"><sg-rule-builder video-id=${e.id} .acct=${this.acct}></sg-rule-builder></section>
      <section class="panel share">${this.share(e)}</section>
      <section class="panel">${this.deleter(e)}</section>`}uploader(e){let t=this.transfers[e.id],i=B(e.id),r=t&&t.total?100*t.loaded/t.total:0;return o`<h3>Upload</h3>
      ${!t&&i?o`<p role="status" data-testid="resume-hint">An upload of <strong>${i.name}</strong> was interrupted.
          Pick the same file again to resume: the parts already stored are not sent again.</p>`:d}
      ${!t||t.error?o`<div class="drop" @dragover=${this.dragOver} @dragleave=${this.dragLeave} @drop=${s=>this.drop(s,e.id)}>
          <p>Drop a video file here, or</p>
          <label for="file" class="sr-only">Choose a video file</label>
          <input id="file" type="file" accept="video/*" @change=${s=>this.picked(s,e.id)}>
        </div>`:d}
      ${t?o`<div data-testid="upload">
          <p>${t.phase==="hashing"?"Checking the file (SHA-256)\u2026":t.phase==="done"?"Uploaded: processing starts now.":`Uploading ${t.name}`}
            ${t.resumedFrom?o`<span data-testid="resumed"> — resumed, ${w(t.resumedFrom)} were already stored</span>`:d}</p>
          <progress max="100" value=${r.toFixed(1)} aria-label="Upload progress" data-testid="upload-progress"></progress>
          <p class="muted" aria-live="polite">${w(t.loaded)} of ${w(t.total)} (${r.toFixed(0)}%)
            ${t.phase==="uploading"&&t.speed>0?` \xB7 ${w(t.speed)}/s \xB7 ${J((t.total-t.loaded)/t.speed)} left`:""}</p>
          ${t.error?o`<p class="error" role="alert">${t.error}</p>`:d}
        </div>`:d}`}dragOver(e){e.preventDefault(),e.currentTarget.classList.add("over")}dragLeave(e){e.currentTarget.classList.remove("over")}drop(e,t){e.preventDefault(),e.currentTarget.classList.remove("over");let i=e.dataTransfer?.files[0];i&&this.upload(t,i)}picked(e,t){let i=e.target.files?.[0];i&&this.upload(t,i)}async upload(e,t){let i={name:t.name,phase:"hashing",loaded:0,total:t.size,speed:0,samples:[]},r=s=>{Object.assign(i,s),this.transfers={...this.transfers,[e]:{...i}}};r({});try{let s=await this.storedBytes(e,t);s>0&&r({resumedFrom:s}),await this.acct.sg.upload(e,t,{onProgress:c=>{let u=performance.now();for(c.phase==="uploading"&&i.phase!=="uploading"&&(i.samples=[]),i.samples.push([u,c.loaded]);i.samples.length>2&&u-i.samples[0][0]>3e3;)i.samples.shift();let[m,k]=i.samples[0],I=u>m?(c.loaded-k)*1e3/(u-m):0;r({phase:c.phase,loaded:c.loaded,total:c.total,speed:I})}}),r({phase:"done",loaded:t.size});let n=(await this.acct.sg.videos.getVideo({id:e})).video;this.replace(n),this.follow(n)}catch(s){let n=g(s),c=n.kind==="expired"?n.message:A.from(s).rawMessage;r({error:`The upload stopped (${c}). Pick the same file again to resume: stored parts are kept.`})}}async storedBytes(e,t){let i=B(e);if(!i||i.name!==t.name||i.size!==t.size)return 0;try{return((await this.acct.sg.uploads.getUpload({uploadId:i.uploadId})).upload?.parts??[]).reduce((s,n)=>s+Number(n.sizeBytes),0)}catch{return 0}}editForm(e){return o`<form @submit=${t=>this.save(t,e)} aria-labelledby="edit">
      <h3 id="edit">Details</h3>
      <label for="e-title">Title</label><input id="e-title" name="title" .value=${e.title} required maxlength="200">
      <label for="e-desc">Description</label><textarea id="e-desc" name="description" rows="3" maxlength="5000" .value=${e.description}></textarea>
      <label for="e-tags">Tags <span class="muted">(comma-separated)</span></label><input id="e-tags" name="tags" .value=${e.tags.join(", ")}>
      <label for="e-vis">Visibility</label>
      <select id="e-vis" name="visibility">${W.map(([t,i])=>o`<option value=${t} ?selected=${t===e.visibility}>${i}</option>`)}</select>
      <p class="row"><button type="submit">Save details</button><span role="status">${this.saved}</span></p>
    </form>`}async save(e,t){e.preventDefault();let i=new FormData(e.target),r=String(i.get("tags")).split(",").map(s=>s.trim()).filter(Boolean);try{let s=await this.acct.sg.videos.updateVideo({id:t.id,title:String(i.get("title")),description:String(i.get("description")),tags:r,visibility:Number(i.get("visibility")),updateMask:{paths:["title","description","tags","visibility"]}});this.replace(s.video),this.saved="Saved.",this.error=""}catch(s){this.saved="",this.fail(s)}}share(e){let t=`${location.origin}/v/${e.id}`,i=`<script src="${location.origin}/embed/player.js"><\/script>
<streamgate-player server="${location.origin}" video-id="${e.id}"></streamgate-player>`,r=`<iframe src="${location.origin}/embed/${e.id}" width="640" height="400" allow="fullscreen" style="border:0"></iframe>`,s=n=>navigator.clipboard?.writeText(n).then(()=>this.saved="Copied.",()=>{});return o`<h3>Share</h3>
      <label for="s-link">Watch link</label>
      <div class="row"><input id="s-link" readonly .value=${t}><button class="secondary" @click=${()=>s(t)}>Copy link</button><a href=${t}>Open</a></div>
      <label for="s-embed">Embed on another site</label>
      <textarea id="s-embed" readonly rows="3" .value=${i}></textarea>
      <button class="secondary" @click=${()=>s(i)}>Copy embed snippet</button>
      <label for="s-iframe">Or as an iframe</label>
      <textarea id="s-iframe" readonly rows="2" .value=${r}></textarea>
      <button class="secondary" @click=${()=>s(r)}>Copy iframe</button>`}deleter(e){return this.confirming?o`<div role="alertdialog" aria-labelledby="del-q">
      <p id="del-q"><strong>Delete “${e.title}”?</strong> Its files and rule are removed; links to it stop working. This cannot be undone.</p>
      <div class="row"><button class="danger" @click=${()=>this.deleteVideo(e)}>Yes, delete</button>
      <button class="secondary" @click=${()=>this.confirming=!1}>Cancel</button></div></div>`:o`<button class="danger" @click=${()=>this.confirming=!0}>Delete video…</button>`}async deleteVideo(e){try{await this.acct.sg.videos.deleteVideo({id:e.id}),this.watching.get(e.id)?.abort(),this.videos=(this.videos??[]).filter(t=>t.id!==e.id),this.select(this.videos[0]?.id??"")}catch(t){this.fail(t)}}};function B(a){try{let l=`streamgate:upload:${a}:`;for(let e=0;e<localStorage.length;e++){let t=localStorage.key(e);if(t?.startsWith(l))return JSON.parse(localStorage.getItem(t))}}catch{}}function w(a){return a>=1<<20?`${(a/(1<<20)).toFixed(1)} MB`:`${(a/1024).toFixed(0)} KB`}function J(a){if(!isFinite(a))return"\u2014";let l=Math.max(0,Math.round(a));return l<60?`${l} s`:`${Math.floor(l/60)} min ${l%60} s`}customElements.define("sg-studio",T);export{T as SgStudio};
