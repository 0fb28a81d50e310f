import{a as $,b as r,c as l,d as b,g as A,h as C,k as m,l as S,m as T,o as D,q as L,r as V,s as y}from"./chunk-STXJUVPL.js";import"./chunk-WOT6VMZA.js";var u=A.Standard,U=[[u.AUTO,"NFT, detect ERC-721 or ERC-1155"],[u.ERC721,"ERC-721 NFT"],[u.ERC1155,"ERC-1155 token"],[u.ERC20,"ERC-20 token"]];function v(a=""){return{kind:"cond",chainId:a,contract:"",standard:u.ERC721,tokenIds:"",first:"",last:"",minAmount:""}}var I=class extends b{static{this.properties={videoId:{type:String,attribute:"video-id"},acct:{attribute:!1},root:{state:!0},current:{state:!0},errors:{state:!0},message:{state:!0},explained:{state:!0}}}static{this.styles=[y,$`
      :host { display: block; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0.5em 0; padding: 0.5em 0.8em; }
      legend { font-weight: 600; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: 0 0.8em; }
      input { width: 100%; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
    `]}constructor(){super(),this.videoId="",this.root={kind:"group",op:"any",items:[v()]},this.errors=new Map,this.message=""}updated(i){i.has("videoId")&&this.videoId&&this.acct&&this.load()}async load(){this.errors=new Map,this.message="",this.explained=void 0;try{let i=await this.acct.sg.gate.getAccessRule({videoId:this.videoId});this.current=i.rule,this.root=i.rule?F(i.rule):{kind:"group",op:"any",items:[v(String(this.acct.chainId??""))]}}catch(i){this.message=m(i).message}}render(){return r`<h3>Who may watch</h3>
      <p>${this.current?r`Now: ${D(this.current)}`:r`Now: <strong>anyone who signs in</strong> (no rule).`}</p>
      <datalist id="chains">${T.map(i=>r`<option value=${i.id}>${i.name}</option>`)}</datalist>
      <form @submit=${this.save} novalidate>
        ${this.group(this.root,"rule",!0)}
        <div class="row">
          <button type="submit">Save rule</button>
          ${this.current?r`<button type="button" class="secondary" @click=${this.clear}>Remove rule (open to all)</button>`:l}
        </div>
        <p role="status" aria-live="polite" class=${this.errors.size||this.message.startsWith("Could")?"error":""} data-testid="rule-message">${this.message}</p>
      </form>
      ${this.tester()}`}group(i,e,t=!1){let s=`${e}.${i.op}`;return r`<fieldset>
      <legend>${t?"Rule":"Group"}</legend>
      <label>Viewers need
        <select .value=${i.op} @change=${n=>this.edit(()=>i.op=n.target.value)}>
          <option value="any">any one of these</option><option value="all">all of these</option>
        </select></label>
      ${i.items.map((n,o)=>n.kind==="cond"?this.cond(i,n,o,`${s}.rules[${o}].condition`):this.group(n,`${s}.rules[${o}]`))}
      ${this.errors.get(`${s}.rules`)?r`<span class="field-error">${this.errors.get(`${s}.rules`)}</span>`:l}
      <div class="row">
        <button type="button" class="secondary" @click=${()=>this.edit(()=>i.items.push(v(M(i))))}>Add condition</button>
        <button type="button" class="secondary" @click=${()=>this.edit(()=>i.items.push({kind:"group",op:i.op==="any"?"all":"any",items:[v(M(i))]}))}>Add group</button>
      </div>
    </fieldset>`}cond(i,e,t,s){let n=`${s}`.replace(/[^\w]/g,"_"),o=(c,h,g,k)=>{let f=k.map(E=>this.errors.get(`${s}.${E}`)).find(Boolean);return r`<div><label for="${n}_${c}">${h}</label>
        <input id="${n}_${c}" name=${c} .value=${String(e[c])} placeholder=${g}
          list=${c==="chainId"?"chains":l} inputmode=${c==="contract"?"text":"numeric"}
          aria-invalid=${f?"true":"false"} aria-describedby=${f?`${n}_${c}_err`:l}
          @input=${E=>e[c]=E.target.value}>
        ${f?r`<span class="field-error" id="${n}_${c}_err" role="alert">${f}</span>`:l}</div>`},d=e.standard;return r`<fieldset data-path=${s}>
      <legend>Condition ${t+1}</legend>
      <div class="grid">
        ${o("chainId","Chain id","e.g. 1 for Ethereum",["chain_id"])}
        ${o("contract","Contract address","0x\u2026",["contract"])}
        <div><label for="${n}_standard">Token standard</label>
          <select id="${n}_standard" @change=${c=>this.edit(()=>e.standard=Number(c.target.value))}>
            ${U.map(([c,h])=>r`<option value=${c} ?selected=${c===d}>${h}</option>`)}</select></div>
        ${d!==u.ERC20?o("tokenIds",d===u.ERC1155?"Token id":"Token ids (optional, comma-separated)",d===u.ERC1155?"e.g. 7":"any token",["token_ids"]):l}
        ${d===u.ERC721||d===u.AUTO?o("first","Ids from (optional)","first",["token_range.first","token_range"]):l}
        ${d===u.ERC721||d===u.AUTO?o("last","Ids to","last",["token_range.last"]):l}
        ${o("minAmount",d===u.ERC20?"Minimum amount (base units)":"Minimum count","1",["min_amount"])}
      </div>
      ${this.errors.get(s)?r`<span class="field-error" role="alert">${this.errors.get(s)}</span>`:l}
      ${i.items.length>1?r`<button type="button" class="secondary" @click=${()=>this.edit(()=>i.items.splice(t,1))}>Remove condition</button>`:l}
    </fieldset>`}edit(i){i(),this.root={...this.root}}async save(i){i.preventDefault(),this.errors=new Map,this.message="Saving\u2026";try{let e=await this.acct.sg.gate.setAccessRule({videoId:this.videoId,rule:P(this.root)});this.current=e.rule,e.rule&&(this.root=F(e.rule)),this.message="Rule saved: it applies to the next playback check."}catch(e){let t=m(e);this.errors=t.kind==="invalid"?H(e,this.root):new Map,this.message=t.kind==="invalid"?`Could not save: ${t.message}`:`Could not save: ${t.message}`}}async clear(){try{await this.acct.sg.gate.clearAccessRule({videoId:this.videoId}),this.current=void 0,this.message="Rule removed: anyone who signs in may watch."}catch(i){this.message=`Could not remove: ${m(i).message}`}}tester(){let i=this.explained;return r`<form class="row" @submit=${this.explain} aria-labelledby="t-h">
        <h3 id="t-h">Test a wallet</h3>
        <label for="t-addr" class="sr-only">Wallet address to test</label>
        <input id="t-addr" name="address" placeholder="0x… wallet address" required>
        <button type="submit">Test</button>
      </form>
      ${i&&"error"in i?r`<p class="error" role="alert">${i.error}</p>`:l}
      ${i&&!("error"in i)?r`<div data-testid="explain" role="status"><p><strong class=${i.allowed?"ok":"no"}>${i.allowed?"This wallet may watch.":"This wallet may not watch."}</strong>
            ${i.reason?r`<span class="muted">${i.reason}</span>`:l}</p>${L(i.evaluation)}</div>`:l}`}async explain(i){i.preventDefault();let e=String(new FormData(i.target).get("address")).trim();try{this.explained=await this.acct.sg.gate.explainAccess({videoId:this.videoId,address:e})}catch(t){let s=m(t);this.explained={error:s.kind==="unavailable"?s.message:`Cannot test: ${s.message}`}}}};function M(a){let i=a.items[a.items.length-1];return i?.kind==="cond"?i.chainId:""}function P(a){if(a.kind==="group")return{node:{case:a.op,value:{rules:a.items.map(P)}}};let i=a.tokenIds.split(",").map(t=>t.trim()).filter(Boolean);return{node:{case:"condition",value:{chainId:/^\d+$/.test(a.chainId.trim())?BigInt(a.chainId.trim()):0n,contract:a.contract.trim(),standard:a.standard,tokenIds:i,tokenRange:a.first.trim()||a.last.trim()?{first:a.first.trim(),last:a.last.trim()}:void 0,minAmount:a.minAmount.trim()}}}}function F(a){let i=_(a);return i.kind==="group"?i:{kind:"group",op:"any",items:[i]}}function _(a){let i=a.node;if(i.case==="any"||i.case==="all")return{kind:"group",op:i.case,items:i.value.rules.map(_)};if(i.case==="condition"){let e=i.value;return{kind:"cond",chainId:String(e.chainId),contract:e.contract,standard:e.standard,tokenIds:e.tokenIds.join(", "),first:e.tokenRange?.first??"",last:e.tokenRange?.last??"",minAmount:e.minAmount}}return v()}function H(a,i){let e=S(a);if(e.size)return e;let t=m(a).message,s=/condition on (\S*) \(chain (\d+)\): (.+)$/.exec(t);if(!s)return e;let[,n,o,d]=s,c=N(i,"rule",g=>g.contract.trim().toLowerCase()===n.toLowerCase()&&g.chainId.trim()===o);if(!c)return e;let h=/chain \d+ is not configured/.test(d)?"chain_id":/token range/.test(d)?"token_range.first":/token id/.test(d)?"token_ids":/min_amount/.test(d)?"min_amount":"contract";return e.set(`${c}.${h}`,d),e}function N(a,i,e){let t=`${i}.${a.op}`;for(let[s,n]of a.items.entries()){if(n.kind==="cond"&&e(n))return`${t}.rules[${s}].condition`;if(n.kind==="group"){let o=N(n,`${t}.rules[${s}]`,e);if(o)return o}}}customElements.define("sg-rule-builder",I);var p=C.Status,x=C.Visibility,G={[p.WAITING_UPLOAD]:"waiting for upload",[p.UPLOADED]:"uploaded, queued",[p.PROCESSING]:"processing",[p.READY]:"ready",[p.FAILED]:"failed"},O=[[x.PUBLIC,"Public: listed on the home page"],[x.UNLISTED,"Unlisted: anyone with the link"],[x.PRIVATE,"Private: only you"]],R=class extends b{constructor(){super();this.acct=V(location.origin);this.watching=new Map;this.onAccount=()=>{this.load()};this.error="",this.transfers={},this.confirming=!1,this.saved=""}static{this.properties={videos:{state:!0},selected:{state:!0},error:{state:!0},transfers:{state:!0},confirming:{state:!0},saved:{state:!0}}}static{this.styles=[y,$`
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
    `]}connectedCallback(){super.connectedCallback(),this.acct.addEventListener("change",this.onAccount),this.load()}disconnectedCallback(){super.disconnectedCallback(),this.acct.removeEventListener("change",this.onAccount);for(let e of this.watching.values())e.abort()}async load(){for(let e of this.watching.values())e.abort();if(this.watching.clear(),!this.acct.address)return void(this.videos=void 0);try{let e=await this.acct.sg.videos.listVideos({ownerAddress:this.acct.address,pageSize:100});this.videos=e.videos;for(let t of e.videos)this.follow(t);this.selected??=e.videos[0]?.id}catch(e){this.fail(e)}}fail(e){let t=m(e);t.kind==="expired"&&this.acct.expire(),this.error=t.message}follow(e){if(e.status===p.READY||e.status===p.FAILED||this.watching.has(e.id))return;let t=new AbortController;this.watching.set(e.id,t),(async()=>{try{for await(let s of this.acct.sg.watchVideo(e.id,t.signal))if(this.replace(s),s.status===p.READY||s.status===p.FAILED)break}catch{}finally{this.watching.get(e.id)===t&&this.watching.delete(e.id)}})()}replace(e){this.videos=(this.videos??[]).map(t=>t.id===e.id?e:t)}get current(){return this.videos?.find(e=>e.id===this.selected)}render(){if(!this.acct.address)return r`<h1>Studio</h1><p>Sign in with the wallet that owns your videos.</p><sg-wallet server=${location.origin}></sg-wallet>`;let e=this.current;return r`<h1>Studio</h1>
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
                <span class="status" data-testid="status">${G[t.status]??"unknown"}${t.status===p.PROCESSING?` ${Math.round(t.progress*100)}%`:""}</span>
                ${t.status===p.PROCESSING?r`<progress max="100" value=${Math.round(t.progress*100)} aria-label="Processing"></progress>`:l}
              </button></li>`)}
          </ul>
        </div>
        <div>${e?this.detail(e):l}</div>
      </div>`}select(e){this.selected=e,this.confirming=!1,this.saved=""}createForm(){return r`<form class="panel" @submit=${this.create} aria-labelledby="new">
      <h2 id="new">New video</h2>
      <label for="new-title">Title</label><input id="new-title" name="title" required maxlength="200">
      <label for="new-vis">Visibility</label>
      <select id="new-vis" name="visibility">${O.map(([e,t])=>r`<option value=${e}>${t}</option>`)}</select>
      <p><button type="submit">Create</button></p>
    </form>`}async create(e){e.preventDefault();let t=e.target,s=new FormData(t);try{let o=(await this.acct.sg.videos.createVideo({title:String(s.get("title")),visibility:Number(s.get("visibility"))})).video;this.videos=[o,...this.videos??[]],this.select(o.id),t.reset(),this.error=""}catch(n){this.fail(n)}}detail(e){return r`<section class="panel" aria-labelledby="d-title">
        <h2 id="d-title">${e.title}</h2>
        <p class="status">Status: <strong data-testid="detail-status">${G[e.status]}</strong>
          ${e.status===p.FAILED?r` — <span class="error">${e.failureReason}</span>`:l}</p>
        ${e.status===p.WAITING_UPLOAD||this.transfers[e.id]?this.uploader(e):l}
      </section>
      <section class="panel">${this.editForm(e)}</section>
      <section class="panel"><sg-rule-builder video-id=${e.id} .acct=${this.acct}></sg-rule-builder></section>
      <section class="panel share">${this.share(e)}</section>
      <section class="panel">${this.deleter(e)}</section>`}uploader(e){let t=this.transfers[e.id],s=z(e.id),n=t&&t.total?100*t.loaded/t.total:0;return r`<h3>Upload</h3>
      ${!t&&s?r`<p role="status" data-testid="resume-hint">An upload of <strong>${s.name}</strong> was interrupted.
          Pick the same file again to resume: the parts already stored are not sent again.</p>`:l}
      ${!t||t.error?r`<div class="drop" @dragover=${this.dragOver} @dragleave=${this.dragLeave} @drop=${o=>this.drop(o,e.id)}>
          <p>Drop a video file here, or</p>
          <label for="file" class="sr-only">Choose a video file</label>
          <input id="file" type="file" accept="video/*" @change=${o=>this.picked(o,e.id)}>
        </div>`:l}
      ${t?r`<div data-testid="upload">
          <p>${t.phase==="hashing"?"Checking the file (SHA-256)\u2026":t.phase==="done"?"Uploaded: processing starts now.":`Uploading ${t.name}`}
            ${t.resumedFrom?r`<span data-testid="resumed"> — resumed, ${w(t.resumedFrom)} were already stored</span>`:l}</p>
          <progress max="100" value=${n.toFixed(1)} aria-label="Upload progress" data-testid="upload-progress"></progress>
          <p class="muted" aria-live="polite">${w(t.loaded)} of ${w(t.total)} (${n.toFixed(0)}%)
            ${t.phase==="uploading"&&t.speed>0?` \xB7 ${w(t.speed)}/s \xB7 ${W((t.total-t.loaded)/t.speed)} left`:""}</p>
          ${t.error?r`<p class="error" role="alert">${t.error}</p>`:l}
        </div>`:l}`}dragOver(e){e.preventDefault(),e.currentTarget.classList.add("over")}dragLeave(e){e.currentTarget.classList.remove("over")}drop(e,t){e.preventDefault(),e.currentTarget.classList.remove("over");let s=e.dataTransfer?.files[0];s&&this.upload(t,s)}picked(e,t){let s=e.target.files?.[0];s&&this.upload(t,s)}async upload(e,t){let s={name:t.name,phase:"hashing",loaded:0,total:t.size,speed:0,samples:[]},n=o=>{Object.assign(s,o),this.transfers={...this.transfers,[e]:{...s}}};n({});try{await this.acct.sg.upload(e,t,{onProgress:d=>{let c=performance.now();for(d.phase==="uploading"&&s.phase!=="uploading"&&(s.samples=[],d.loaded>0&&(s.resumedFrom=d.loaded)),s.samples.push([c,d.loaded]);s.samples.length>2&&c-s.samples[0][0]>3e3;)s.samples.shift();let[h,g]=s.samples[0],k=c>h?(d.loaded-g)*1e3/(c-h):0;n({phase:d.phase,loaded:d.loaded,total:d.total,speed:k})}}),n({phase:"done",loaded:t.size});let o=(await this.acct.sg.videos.getVideo({id:e})).video;this.replace(o),this.follow(o)}catch(o){n({error:`The upload stopped: ${m(o).message} Pick the file again to resume.`})}}editForm(e){return r`<form @submit=${t=>this.save(t,e)} aria-labelledby="edit">
      <h3 id="edit">Details</h3>
      <label for="e-title">Title</label><input id="e-title" name="title" .value=${e.title} required maxlength="200">
      <label for="e-desc">Description</label><textarea id="e-desc" name="description" rows="3" maxlength="5000" .value=${e.description}></textarea>
      <label for="e-tags">Tags <span class="muted">(comma-separated)</span></label><input id="e-tags" name="tags" .value=${e.tags.join(", ")}>
      <label for="e-vis">Visibility</label>
      <select id="e-vis" name="visibility">${O.map(([t,s])=>r`<option value=${t} ?selected=${t===e.visibility}>${s}</option>`)}</select>
      <p class="row"><button type="submit">Save details</button><span role="status">${this.saved}</span></p>
    </form>`}async save(e,t){e.preventDefault();let s=new FormData(e.target),n=String(s.get("tags")).split(",").map(o=>o.trim()).filter(Boolean);try{let o=await this.acct.sg.videos.updateVideo({id:t.id,title:String(s.get("title")),description:String(s.get("description")),tags:n,visibility:Number(s.get("visibility")),updateMask:{paths:["title","description","tags","visibility"]}});this.replace(o.video),this.saved="Saved.",this.error=""}catch(o){this.saved="",this.fail(o)}}share(e){let t=`${location.origin}/v/${e.id}`,s=`<script src="${location.origin}/embed/player.js"><\/script>
<streamgate-player server="${location.origin}" video-id="${e.id}"></streamgate-player>`,n=`<iframe src="${location.origin}/embed/${e.id}" width="640" height="400" allow="fullscreen" style="border:0"></iframe>`,o=d=>navigator.clipboard?.writeText(d).then(()=>this.saved="Copied.",()=>{});return r`<h3>Share</h3>
      <label for="s-link">Watch link</label>
      <div class="row"><input id="s-link" readonly .value=${t}><button class="secondary" @click=${()=>o(t)}>Copy link</button><a href=${t}>Open</a></div>
      <label for="s-embed">Embed on another site</label>
      <textarea id="s-embed" readonly rows="3" .value=${s}></textarea>
      <button class="secondary" @click=${()=>o(s)}>Copy embed snippet</button>
      <label for="s-iframe">Or as an iframe</label>
      <textarea id="s-iframe" readonly rows="2" .value=${n}></textarea>
      <button class="secondary" @click=${()=>o(n)}>Copy iframe</button>`}deleter(e){return this.confirming?r`<div role="alertdialog" aria-labelledby="del-q">
      <p id="del-q"><strong>Delete “${e.title}”?</strong> Its files and rule are removed; links to it stop working. This cannot be undone.</p>
      <div class="row"><button class="danger" @click=${()=>this.deleteVideo(e)}>Yes, delete</button>
      <button class="secondary" @click=${()=>this.confirming=!1}>Cancel</button></div></div>`:r`<button class="danger" @click=${()=>this.confirming=!0}>Delete video…</button>`}async deleteVideo(e){try{await this.acct.sg.videos.deleteVideo({id:e.id}),this.watching.get(e.id)?.abort(),this.videos=(this.videos??[]).filter(t=>t.id!==e.id),this.select(this.videos[0]?.id??"")}catch(t){this.fail(t)}}};function z(a){try{let i=`streamgate:upload:${a}:`;for(let e=0;e<localStorage.length;e++){let t=localStorage.key(e);if(t?.startsWith(i))return{name:JSON.parse(localStorage.getItem(t)).name}}}catch{}}function w(a){return a>=1<<20?`${(a/(1<<20)).toFixed(1)} MB`:`${(a/1024).toFixed(0)} KB`}function W(a){if(!isFinite(a))return"\u2014";let i=Math.max(0,Math.round(a));return i<60?`${i} s`:`${Math.floor(i/60)} min ${i%60} s`}customElements.define("sg-studio",R);export{R as SgStudio};
