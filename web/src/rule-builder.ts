// <sg-rule-builder video-id>: builds a video's gate from conditions in
// any/all groups, shows the server's validation errors on the field they
// concern, and dry-runs the rule for any wallet (ExplainAccess).

import { LitElement, css, html, nothing } from "lit";
import { gatev1 } from "@streamgate/sdk";

import { chainName, listChains } from "./chains.js";
import { fieldErrors, problem } from "./errors.js";
import { contractsOf, evaluationTree, ruleWords } from "./rule.js";
import type { Contracts } from "./rule.js";
import type { Account } from "./session.js";
import { base } from "./styles.js";

const Std = gatev1.Standard;

interface Cond {
  kind: "cond";
  chainId: string;
  contract: string;
  standard: gatev1.Standard;
  tokenIds: string;
  first: string;
  last: string;
  minAmount: string;
}

interface Group {
  kind: "group";
  op: "any" | "all";
  items: Node[];
}

type Node = Cond | Group;

const standards: [gatev1.Standard, string][] = [
  [Std.AUTO, "NFT, detect ERC-721 or ERC-1155"],
  [Std.ERC721, "ERC-721 NFT"],
  [Std.ERC1155, "ERC-1155 token"],
  [Std.ERC20, "ERC-20 token"],
];

function emptyCond(chainId = ""): Cond {
  return { kind: "cond", chainId, contract: "", standard: Std.ERC721, tokenIds: "", first: "", last: "", minAmount: "" };
}

export class SgRuleBuilder extends LitElement {
  static override properties = {
    videoId: { type: String, attribute: "video-id" },
    acct: { attribute: false },
    root: { state: true },
    current: { state: true },
    errors: { state: true },
    message: { state: true },
    explained: { state: true },
    chains: { state: true },
  };
  static override styles = [
    base,
    css`
      :host { display: block; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0.5em 0; padding: 0.5em 0.8em; }
      legend { font-weight: 600; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: 0 0.8em; }
      input, select { width: 100%; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
    `,
  ];

  declare videoId: string;
  declare acct: Account;
  declare root: Group;
  declare current?: gatev1.Rule;
  declare errors: Map<string, string>;
  declare message: string;
  private contracts: Contracts = new Map();
  declare explained?: gatev1.ExplainAccessResponse | { error: string };
  /** The chains the server reads (ListChains): the picker's choices. */
  declare chains?: gatev1.Chain[];

  constructor() {
    super();
    this.videoId = "";
    this.root = { kind: "group", op: "any", items: [emptyCond()] };
    this.errors = new Map();
    this.message = "";
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has("videoId") && this.videoId && this.acct) void this.load();
  }

  private async load(): Promise<void> {
    this.errors = new Map();
    this.message = "";
    this.explained = undefined;
    try {
      const [res, chains] = await Promise.all([this.acct.sg.gate.getAccessRule({ videoId: this.videoId }), listChains(this.acct.sg)]);
      this.chains = chains;
      this.current = res.rule;
      this.contracts = contractsOf(res.contracts);
      this.root = res.rule ? toGroup(res.rule) : { kind: "group", op: "any", items: [emptyCond(this.defaultChain())] };
    } catch (err) {
      this.message = problem(err).message;
    }
  }

  // defaultChain is the wallet's chain when the server reads it, else the
  // server's first chain.
  private defaultChain(): string {
    const ids = (this.chains ?? []).map((c) => String(c.chainId));
    const mine = String(this.acct?.chainId ?? "");
    return ids.includes(mine) ? mine : ids[0] ?? "";
  }

  override render() {
    return html`<h3>Who may watch</h3>
      <p>${this.current ? html`Now: ${ruleWords(this.current, this.contracts)}` : html`Now: <strong>no rule</strong>: anyone who may see the video watches it, no wallet needed.`}</p>
      ${this.chains && !this.chains.length ? html`<p class="error" role="alert">This server reads no chain, so no rule can be checked: its operator adds one with <code>--chain-rpc</code>.</p>` : nothing}
      <form @submit=${this.save} novalidate>
        ${this.group(this.root, `rule`, true)}
        <div class="row">
          <button type="submit">Save rule</button>
          ${this.current ? html`<button type="button" class="secondary" @click=${this.clear}>Remove rule (open to all)</button>` : nothing}
        </div>
        <p role="status" aria-live="polite" class=${this.errors.size || this.message.startsWith("Could") ? "error" : ""} data-testid="rule-message">${this.message}</p>
      </form>
      ${this.tester()}`;
  }

  private group(g: Group, path: string, top = false): ReturnType<typeof html> {
    const here = `${path}.${g.op}`;
    return html`<fieldset>
      <legend>${top ? "Rule" : "Group"}</legend>
      <label>Viewers need
        <select .value=${g.op} @change=${(e: Event) => this.edit(() => (g.op = (e.target as HTMLSelectElement).value as Group["op"]))}>
          <option value="any">any one of these</option><option value="all">all of these</option>
        </select></label>
      ${g.items.map((n, i) => (n.kind === "cond" ? this.cond(g, n, i, `${here}.rules[${i}].condition`) : this.group(n, `${here}.rules[${i}]`)))}
      ${this.errors.get(`${here}.rules`) ? html`<span class="field-error">${this.errors.get(`${here}.rules`)}</span>` : nothing}
      <div class="row">
        <button type="button" class="secondary" @click=${() => this.edit(() => g.items.push(emptyCond(lastChain(g))))}>Add condition</button>
        <button type="button" class="secondary" @click=${() => this.edit(() => g.items.push({ kind: "group", op: g.op === "any" ? "all" : "any", items: [emptyCond(lastChain(g))] }))}>Add group</button>
      </div>
    </fieldset>`;
  }

  // chainPicker offers the chains the server reads; a rule naming
  // another (stored before the server stopped reading it) keeps it.
  private chainPicker(c: Cond, id: string, path: string) {
    const err = this.errors.get(`${path}.chain_id`);
    const ids = (this.chains ?? []).map((ch) => String(ch.chainId));
    if (c.chainId && !ids.includes(c.chainId)) ids.push(c.chainId);
    return html`<div><label for="${id}_chainId">Chain</label>
      <select id="${id}_chainId" name="chainId" aria-invalid=${err ? "true" : "false"} aria-describedby=${err ? `${id}_chainId_err` : nothing}
        @change=${(e: Event) => (c.chainId = (e.target as HTMLSelectElement).value)}>
        ${c.chainId ? nothing : html`<option value="" selected>Pick a chain</option>`}
        ${ids.map((v) => html`<option value=${v} ?selected=${v === c.chainId}>${chainName(v)}</option>`)}
      </select>
      ${err ? html`<span class="field-error" id="${id}_chainId_err" role="alert">${err}</span>` : nothing}</div>`;
  }

  private cond(g: Group, c: Cond, i: number, path: string) {
    const id = `${path}`.replace(/[^\w]/g, "_");
    const field = (name: keyof Cond, label: string, hint: string, paths: string[]) => {
      const err = paths.map((p) => this.errors.get(`${path}.${p}`)).find(Boolean);
      return html`<div><label for="${id}_${name}">${label}</label>
        <input id="${id}_${name}" name=${name} .value=${String(c[name])} placeholder=${hint}
          inputmode=${name === "contract" ? "text" : "numeric"}
          aria-invalid=${err ? "true" : "false"} aria-describedby=${err ? `${id}_${name}_err` : nothing}
          @input=${(e: Event) => ((c[name] as string) = (e.target as HTMLInputElement).value)}>
        ${err ? html`<span class="field-error" id="${id}_${name}_err" role="alert">${err}</span>` : nothing}</div>`;
    };
    const s = c.standard;
    return html`<fieldset data-path=${path}>
      <legend>Condition ${i + 1}</legend>
      <div class="grid">
        ${this.chainPicker(c, id, path)}
        ${field("contract", "Contract address", "0x…", ["contract"])}
        <div><label for="${id}_standard">Token standard</label>
          <select id="${id}_standard" @change=${(e: Event) => this.edit(() => (c.standard = Number((e.target as HTMLSelectElement).value)))}>
            ${standards.map(([v, w]) => html`<option value=${v} ?selected=${v === s}>${w}</option>`)}</select></div>
        ${s !== Std.ERC20 ? field("tokenIds", s === Std.ERC1155 ? "Token id" : "Token ids (optional, comma-separated)", s === Std.ERC1155 ? "e.g. 7" : "any token", ["token_ids"]) : nothing}
        ${s === Std.ERC721 || s === Std.AUTO ? field("first", "Ids from (optional)", "first", ["token_range.first", "token_range"]) : nothing}
        ${s === Std.ERC721 || s === Std.AUTO ? field("last", "Ids to", "last", ["token_range.last"]) : nothing}
        ${field("minAmount", s === Std.ERC20 ? "Minimum amount (base units)" : "Minimum count", "1", ["min_amount"])}
      </div>
      ${this.errors.get(path) ? html`<span class="field-error" role="alert">${this.errors.get(path)}</span>` : nothing}
      ${g.items.length > 1 ? html`<button type="button" class="secondary" @click=${() => this.edit(() => g.items.splice(i, 1))}>Remove condition</button>` : nothing}
    </fieldset>`;
  }

  private edit(fn: () => void): void {
    fn();
    this.root = { ...this.root };
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    this.errors = new Map();
    this.message = "Saving…";
    try {
      const res = await this.acct.sg.gate.setAccessRule({ videoId: this.videoId, rule: toRule(simplest(this.root)) });
      this.current = res.rule;
      if (res.rule) this.root = toGroup(res.rule);
      this.message = "Rule saved: it applies to the next playback check.";
      // Read it back for its contracts' names (the chain is asked once).
      const named = await this.acct.sg.gate.getAccessRule({ videoId: this.videoId }).catch(() => undefined);
      if (named) this.contracts = contractsOf(named.contracts);
      this.requestUpdate();
    } catch (err) {
      const p = problem(err);
      this.errors = p.kind === "invalid" ? locate(err, this.root) : new Map();
      // A lone condition was sent bare: put its errors on the form's path.
      const lone = `rule.${this.root.op}.rules[0].condition`;
      this.errors = new Map([...this.errors].map(([k, v]) => [k.replace(/^rule\.condition\b/, lone), v]));
      this.message = this.errors.size ? "Could not save: correct the marked field." : `Could not save: ${p.message}`;
    }
  }

  private async clear(): Promise<void> {
    try {
      await this.acct.sg.gate.clearAccessRule({ videoId: this.videoId });
      this.current = undefined;
      this.message = "Rule removed: anyone who may see the video watches it, no wallet needed.";
    } catch (err) {
      this.message = `Could not remove: ${problem(err).message}`;
    }
  }

  private tester() {
    const r = this.explained;
    return html`<form class="row" @submit=${this.explain} aria-labelledby="t-h">
        <h3 id="t-h">Test a wallet</h3>
        <label for="t-addr" class="sr-only">Wallet address to test</label>
        <input id="t-addr" name="address" placeholder="0x… wallet address" required>
        <button type="submit">Test</button>
      </form>
      ${r && "error" in r ? html`<p class="error" role="alert">${r.error}</p>` : nothing}
      ${r && !("error" in r)
        ? html`<div data-testid="explain" role="status"><p><strong class=${r.allowed ? "ok" : "no"}>${r.allowed ? "This wallet may watch." : "This wallet may not watch."}</strong>
            ${r.reason ? html`<span class="muted">${r.reason}</span>` : nothing}</p>${evaluationTree(r.evaluation)}</div>`
        : nothing}`;
  }

  private async explain(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const address = String(new FormData(e.target as HTMLFormElement).get("address")).trim();
    try {
      this.explained = await this.acct.sg.gate.explainAccess({ videoId: this.videoId, address });
    } catch (err) {
      const p = problem(err);
      this.explained = { error: p.kind === "unavailable" ? p.message : `Cannot test: ${p.message}` };
    }
  }
}

// simplest sends a group of one condition as that condition.
function simplest(g: Group): Node {
  return g.items.length === 1 && g.items[0]!.kind === "cond" ? g.items[0]! : g;
}

function lastChain(g: Group): string {
  const last = g.items[g.items.length - 1];
  return last?.kind === "cond" ? last.chainId : "";
}

function toRule(n: Node): gatev1.Rule {
  if (n.kind === "group") {
    return { node: { case: n.op, value: { rules: n.items.map(toRule) } } } as gatev1.Rule;
  }
  const ids = n.tokenIds.split(",").map((s) => s.trim()).filter(Boolean);
  const cond = {
    chainId: /^\d+$/.test(n.chainId.trim()) ? BigInt(n.chainId.trim()) : 0n,
    contract: n.contract.trim(),
    standard: n.standard,
    tokenIds: ids,
    tokenRange: n.first.trim() || n.last.trim() ? { first: n.first.trim(), last: n.last.trim() } : undefined,
    minAmount: n.minAmount.trim(),
  };
  return { node: { case: "condition", value: cond } } as unknown as gatev1.Rule;
}

function toGroup(r: gatev1.Rule): Group {
  const n = fromRule(r);
  return n.kind === "group" ? n : { kind: "group", op: "any", items: [n] };
}

function fromRule(r: gatev1.Rule): Node {
  const n = r.node;
  if (n.case === "any" || n.case === "all") return { kind: "group", op: n.case, items: n.value.rules.map(fromRule) };
  if (n.case === "condition") {
    const c = n.value;
    return {
      kind: "cond",
      chainId: String(c.chainId),
      contract: c.contract,
      standard: c.standard,
      tokenIds: c.tokenIds.join(", "),
      first: c.tokenRange?.first ?? "",
      last: c.tokenRange?.last ?? "",
      minAmount: c.minAmount,
    };
  }
  return emptyCond();
}

// locate puts an InvalidArgument on its field: protovalidate names the
// field path; the gate names the condition ("condition on 0x… (chain N):
// ...") and what is wrong with it.
function locate(err: unknown, root: Group): Map<string, string> {
  const out = fieldErrors(err);
  if (out.size) return out;
  const msg = problem(err).message;
  const m = /condition on (\S*) \(chain (\d+)\): (.+)$/.exec(msg);
  if (!m) return out;
  const [, contract, chain, what] = m;
  const path = findCond(root, "rule", (c) => c.contract.trim().toLowerCase() === contract!.toLowerCase() && c.chainId.trim() === chain);
  if (!path) return out;
  const field = /chain \d+ is not configured/.test(what!) ? "chain_id"
    : /token range/.test(what!) ? "token_range.first"
    : /token id/.test(what!) ? "token_ids"
    : /min_amount/.test(what!) ? "min_amount"
    : "contract";
  out.set(`${path}.${field}`, what!);
  return out;
}

function findCond(g: Group, path: string, match: (c: Cond) => boolean): string | undefined {
  const here = `${path}.${g.op}`;
  for (const [i, n] of g.items.entries()) {
    if (n.kind === "cond" && match(n)) return `${here}.rules[${i}].condition`;
    if (n.kind === "group") {
      const p = findCond(n, `${here}.rules[${i}]`, match);
      if (p) return p;
    }
  }
  return undefined;
}

customElements.define("sg-rule-builder", SgRuleBuilder);
