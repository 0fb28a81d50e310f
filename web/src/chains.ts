// Chains by name, as the server knows them (GateService.ListChains and the
// chains GetAccessRule returns with a rule): the server holds the table of
// well-known chains and the operator's --chain-info, so pages never
// hard-code one. A chain the server has not named is shown by its id.

import type { gatev1, StreamGate } from "@streamgate/sdk";

const named = new Map<string, gatev1.Chain>();
const listed = new WeakMap<StreamGate, Promise<gatev1.Chain[]>>();

/** Remembers chains the server described (from any response). */
export function learnChains(chains: readonly gatev1.Chain[]): void {
  for (const c of chains) named.set(String(c.chainId), c);
}

/** The chains a server reads, asked once per client. */
export function listChains(sg: StreamGate): Promise<gatev1.Chain[]> {
  let p = listed.get(sg);
  if (!p) {
    p = sg.gate.listChains({}).then((r) => (learnChains(r.chains), r.chains));
    p.catch(() => listed.delete(sg));
    listed.set(sg, p);
  }
  return p;
}

/** "Base (chain 8453)" or "chain 12345". */
export function chainName(id: bigint | number | string | undefined): string {
  if (id === undefined) return "an unknown chain";
  const c = named.get(String(id));
  return c?.name ? `${c.name} (chain ${id})` : `chain ${id}`;
}

/** 0x1234…abcd */
export function short(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
