// Names and explorers of well-known EVM chains, for words and links; any
// other chain is shown by its id.

interface Known {
  name: string;
  explorer?: string;
}

const known: Record<string, Known> = {
  "1": { name: "Ethereum", explorer: "https://etherscan.io" },
  "10": { name: "OP Mainnet", explorer: "https://optimistic.etherscan.io" },
  "56": { name: "BNB Smart Chain", explorer: "https://bscscan.com" },
  "137": { name: "Polygon", explorer: "https://polygonscan.com" },
  "8453": { name: "Base", explorer: "https://basescan.org" },
  "42161": { name: "Arbitrum One", explorer: "https://arbiscan.io" },
  "43114": { name: "Avalanche C-Chain", explorer: "https://snowtrace.io" },
  "84532": { name: "Base Sepolia", explorer: "https://sepolia.basescan.org" },
  "11155111": { name: "Sepolia", explorer: "https://sepolia.etherscan.io" },
  "31337": { name: "local dev chain" },
  "1337": { name: "local dev chain" },
};

/** The chains a rule builder offers by name. */
export const knownChains = Object.entries(known).map(([id, k]) => ({ id, name: k.name }));

/** "Base (chain 8453)" or "chain 12345". */
export function chainName(id: bigint | number | string | undefined): string {
  if (id === undefined) return "an unknown chain";
  const k = known[String(id)];
  return k ? `${k.name} (chain ${id})` : `chain ${id}`;
}

/** The explorer page of an address, when the chain has a known explorer. */
export function explorerLink(id: bigint | number | string, address: string): string | undefined {
  const k = known[String(id)];
  return k?.explorer ? `${k.explorer}/address/${address}` : undefined;
}

/** 0x1234…abcd */
export function short(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
