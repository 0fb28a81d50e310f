// One signed-in account per server, shared by every element on the page,
// and the wallets found by EIP-6963 discovery (window.ethereum otherwise).

import { StreamGate } from "@streamgate/sdk";
import type { Eip1193Provider, Tokens } from "@streamgate/sdk";

/** An EIP-1193 provider that may emit events. */
export interface Provider extends Eip1193Provider {
  on?(event: string, fn: (...args: unknown[]) => void): void;
  removeListener?(event: string, fn: (...args: unknown[]) => void): void;
}

/** A wallet the user can pick. */
export interface WalletOption {
  /** The EIP-6963 uuid, or "injected" for window.ethereum. */
  id: string;
  name: string;
  /** A data: URI image, per EIP-6963. */
  icon?: string;
  rdns?: string;
  provider: Provider;
}

interface Announcement {
  info: { uuid: string; name: string; icon: string; rdns: string };
  provider: Provider;
}

const announced = new Map<string, WalletOption>();
/** Fires "change" when a wallet announces itself. */
export const walletEvents = new EventTarget();

if (typeof window !== "undefined") {
  window.addEventListener("eip6963:announceProvider", (e: Event) => {
    const d = (e as CustomEvent<Announcement>).detail;
    if (!d?.info?.uuid || typeof d.provider?.request !== "function") return;
    announced.set(d.info.uuid, { id: d.info.uuid, name: d.info.name, icon: d.info.icon, rdns: d.info.rdns, provider: d.provider });
    walletEvents.dispatchEvent(new Event("change"));
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
}

/** The wallets on this page: every EIP-6963 announcement, else window.ethereum. */
export function wallets(): WalletOption[] {
  const list = [...announced.values()];
  const injected = (globalThis as { ethereum?: Provider }).ethereum;
  if (list.length === 0 && injected && typeof injected.request === "function") {
    list.push({ id: "injected", name: "Browser wallet", provider: injected });
  }
  return list;
}

interface Saved {
  tokens?: Tokens;
  address?: string;
  chainId?: string;
  wallet?: string;
}

/** The session with one server; fires "change" on sign-in and sign-out. */
export class Account extends EventTarget {
  readonly sg: StreamGate;
  address?: string;
  chainId?: bigint;
  private walletId?: string;
  private readonly key: string;

  constructor(readonly baseUrl: string) {
    super();
    this.key = `streamgate:session:${baseUrl}`;
    const saved = load(this.key);
    this.address = saved.tokens ? saved.address : undefined;
    this.chainId = saved.chainId ? BigInt(saved.chainId) : undefined;
    this.walletId = saved.wallet;
    this.sg = new StreamGate({
      baseUrl,
      tokens: saved.tokens,
      onTokens: (t) => {
        if (!t) this.address = undefined;
        this.save();
        if (!t) this.changed();
      },
    });
  }

  /** The wallet signed in with, when it is still on the page. */
  get wallet(): WalletOption | undefined {
    return wallets().find((w) => w.id === this.walletId || (w.rdns && w.rdns === this.walletId));
  }

  /** Signs in with Sign-In with Ethereum through the wallet. */
  async signIn(w: WalletOption): Promise<void> {
    const res = await this.sg.signIn(w.provider);
    this.chainId = BigInt((await w.provider.request({ method: "eth_chainId" })) as string);
    this.address = res.address;
    this.walletId = w.rdns || w.id;
    this.save();
    this.changed();
  }

  /** Ends the session on the server and here. */
  async signOut(): Promise<void> {
    try {
      await this.sg.signOut();
    } finally {
      this.address = undefined;
      this.save();
      this.changed();
    }
  }

  /** Forgets a session the server no longer accepts. */
  expire(): void {
    this.sg.setTokens(undefined);
  }

  /** Asks the wallet to move to chainId (EIP-3326). */
  async switchChain(chainId: bigint): Promise<void> {
    const w = this.wallet;
    if (!w) throw new Error("no wallet to switch: sign in again");
    await w.provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: "0x" + chainId.toString(16) }] });
    this.chainId = chainId;
    this.save();
    this.changed();
  }

  private save(): void {
    const s: Saved = {
      tokens: this.sg.tokens,
      address: this.address,
      chainId: this.chainId?.toString(),
      wallet: this.walletId,
    };
    try {
      localStorage.setItem(this.key, JSON.stringify(s));
    } catch {
      // Storage off (a sandboxed frame): the session lasts this page only.
    }
  }

  private changed(): void {
    this.dispatchEvent(new Event("change"));
  }
}

function load(key: string): Saved {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? "null") as Saved | null) ?? {};
  } catch {
    return {};
  }
}

const accounts = new Map<string, Account>();

/** The page's one account for a server. */
export function account(baseUrl: string): Account {
  const url = baseUrl.replace(/\/+$/, "");
  let a = accounts.get(url);
  if (!a) accounts.set(url, (a = new Account(url)));
  return a;
}
