// A gate rule and a decision's Evaluation tree, in words.

import { html, nothing } from "lit";
import type { TemplateResult } from "lit";
import { gatev1 } from "@streamgate/sdk";

import { chainName, short } from "./chains.js";

type Rule = gatev1.Rule;
type Condition = gatev1.Condition;
type Evaluation = gatev1.Evaluation;

/** What the server read of a rule's contracts, by "chainId:address". */
export type Contracts = Map<string, gatev1.ContractInfo>;

/** Indexes GetAccessRule's contracts for ruleWords. */
export function contractsOf(list: readonly gatev1.ContractInfo[] = []): Contracts {
  return new Map(list.map((c) => [`${c.chainId}:${c.contract.toLowerCase()}`, c]));
}

/** The rule as a sentence or a nested list. */
export function ruleWords(rule: Rule, known: Contracts = new Map()): TemplateResult {
  const n = rule.node;
  switch (n.case) {
    case "condition":
      return html`<span class="cond">${conditionWords(n.value, known)}</span>`;
    case "any":
    case "all":
      return html`${n.case === "any" ? "Any one of these:" : "All of these:"}
        <ul class="rule">
          ${n.value.rules.map((r) => html`<li>${ruleWords(r, known)}</li>`)}
        </ul>`;
    default:
      return html`an empty rule`;
  }
}

/** The chains a rule names, in order, without repeats. */
export function ruleChains(rule: Rule): bigint[] {
  const n = rule.node;
  if (n.case === "condition") return [n.value.chainId];
  if (n.case === "any" || n.case === "all") return [...new Set(n.value.rules.flatMap(ruleChains))];
  return [];
}

// contract names a contract as the chain calls it ("Test Pass (TP)"),
// then its address, linked to the chain's explorer when there is one.
function contract(c: Condition, known: Contracts): TemplateResult {
  const info = known.get(`${c.chainId}:${c.contract.toLowerCase()}`);
  const label = info?.name && info.symbol ? `${info.name} (${info.symbol})` : info?.name || info?.symbol || "";
  const addr = html`<code title=${c.contract}>${short(c.contract)}</code>`;
  const link = info?.explorerUrl && /^https?:\/\//.test(info.explorerUrl)
    ? html`<a href=${info.explorerUrl} target="_blank" rel="noopener" data-testid="explorer">${addr}</a>` : addr;
  return label ? html`<strong data-testid="collection">${label}</strong> ${link}` : link;
}

function ids(c: Condition): string {
  const parts = c.tokenIds.map((id) => `#${id}`);
  if (c.tokenRange) parts.push(`any of #${c.tokenRange.first}–#${c.tokenRange.last}`);
  return parts.join(" or ");
}

function conditionWords(c: Condition, known: Contracts): TemplateResult {
  const contract_ = (c: Condition) => contract(c, known);
  const on = html` on ${chainName(c.chainId)}`;
  const min = c.minAmount && c.minAmount !== "1" ? c.minAmount : "";
  const S = gatev1.Standard;
  switch (c.standard) {
    case S.ERC1155:
      return html`hold at least ${c.minAmount || "1"} of token ${ids(c) || "(any id)"} of the ERC-1155 collection ${contract_(c)}${on}`;
    case S.ERC20:
      return html`hold at least ${c.minAmount || "1"} (base units) of the ERC-20 token ${contract_(c)}${on}`;
    case S.ERC721:
      if (c.tokenIds.length || c.tokenRange) return html`hold token ${ids(c)} of the NFT collection ${contract_(c)}${on}`;
      return html`hold ${min ? `at least ${min} tokens` : "any token"} of the NFT collection ${contract_(c)}${on}`;
    default:
      return html`hold ${ids(c) ? `token ${ids(c)}` : "a token"} of the collection ${contract_(c)}${on}`;
  }
}

const outcome: Record<number, [string, string]> = {
  [gatev1.Outcome.HELD]: ["held", "✔"],
  [gatev1.Outcome.NOT_HELD]: ["not held", "✘"],
  [gatev1.Outcome.UNKNOWN]: ["unknown: the chain did not answer", "?"],
};

/** The Evaluation tree as a nested list: which condition held, which not. */
export function evaluationTree(ev: Evaluation | undefined): TemplateResult | typeof nothing {
  if (!ev) return nothing;
  return html`<ul class="tree" role="tree" aria-label="Why">${node(ev)}</ul>`;
}

function node(ev: Evaluation): TemplateResult {
  const [word, mark] = outcome[ev.outcome] ?? ["not evaluated", "·"];
  const cls = ev.outcome === gatev1.Outcome.HELD ? "ok" : ev.outcome === gatev1.Outcome.NOT_HELD ? "no" : "unk";
  return html`<li role="treeitem" aria-expanded=${ev.children.length ? "true" : nothing}>
    <span class="mark ${cls}" aria-hidden="true">${mark}</span>
    <span>${ev.description}</span> — <strong class=${cls}>${word}</strong>${ev.detail ? html` <span class="detail">(${ev.detail})</span>` : nothing}
    ${ev.children.length ? html`<ul role="group">${ev.children.map(node)}</ul>` : nothing}
  </li>`;
}
