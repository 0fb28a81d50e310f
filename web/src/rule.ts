// A gate rule and a decision's Evaluation tree, in words.

import { html, nothing } from "lit";
import type { TemplateResult } from "lit";
import { gatev1 } from "@streamgate/sdk";

import { chainName, explorerLink, short } from "./chains.js";

type Rule = gatev1.Rule;
type Condition = gatev1.Condition;
type Evaluation = gatev1.Evaluation;

/** The rule as a sentence or a nested list. */
export function ruleWords(rule: Rule): TemplateResult {
  const n = rule.node;
  switch (n.case) {
    case "condition":
      return html`<span class="cond">${conditionWords(n.value)}</span>`;
    case "any":
    case "all":
      return html`${n.case === "any" ? "Any one of these:" : "All of these:"}
        <ul class="rule">
          ${n.value.rules.map((r) => html`<li>${ruleWords(r)}</li>`)}
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

function contract(c: Condition): TemplateResult {
  const link = explorerLink(c.chainId, c.contract);
  const text = html`<code title=${c.contract}>${short(c.contract)}</code>`;
  return link ? html`<a href=${link} target="_blank" rel="noopener">${text}</a>` : text;
}

function ids(c: Condition): string {
  const parts = c.tokenIds.map((id) => `#${id}`);
  if (c.tokenRange) parts.push(`any of #${c.tokenRange.first}–#${c.tokenRange.last}`);
  return parts.join(" or ");
}

function conditionWords(c: Condition): TemplateResult {
  const on = html` on ${chainName(c.chainId)}`;
  const min = c.minAmount && c.minAmount !== "1" ? c.minAmount : "";
  const S = gatev1.Standard;
  switch (c.standard) {
    case S.ERC1155:
      return html`hold at least ${c.minAmount || "1"} of token ${ids(c) || "(any id)"} of the ERC-1155 collection ${contract(c)}${on}`;
    case S.ERC20:
      return html`hold at least ${c.minAmount || "1"} (base units) of the ERC-20 token ${contract(c)}${on}`;
    case S.ERC721:
      if (c.tokenIds.length || c.tokenRange) return html`hold token ${ids(c)} of the NFT collection ${contract(c)}${on}`;
      return html`hold ${min ? `at least ${min} tokens` : "any token"} of the NFT collection ${contract(c)}${on}`;
    default:
      return html`hold ${ids(c) ? `token ${ids(c)}` : "a token"} of the collection ${contract(c)}${on}`;
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
