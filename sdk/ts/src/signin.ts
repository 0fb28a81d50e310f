// Sign-In with Ethereum through a browser wallet or a viem account.

import { Code, ConnectError } from "@connectrpc/connect";

import { tokensFrom } from "./session.js";
import { checkSiweMessage } from "./siwe.js";
import type { StreamGateClients } from "./types.js";

/** Any EIP-1193 provider, such as `window.ethereum`. */
export interface Eip1193Provider {
  request(args: { method: string; params?: readonly unknown[] | object }): Promise<unknown>;
}

/** The part of a viem `Account` (e.g. from `privateKeyToAccount`) used to sign. */
export interface MessageSigningAccount {
  address: string;
  signMessage(args: { message: string }): Promise<string>;
}

/** Options for {@link signIn}. */
export interface SignInOptions {
  /** The EIP-155 chain id; a provider is asked (`eth_chainId`) when unset, an account defaults to 1. */
  chainId?: number | bigint;
  /** The provider account to sign with; by default the first of `eth_requestAccounts`. */
  address?: string;
  signal?: AbortSignal;
}

/** Who signed in. */
export interface SignInResult {
  /** The wallet, EIP-55 checksummed by the server. */
  address: string;
}

/**
 * Runs Sign-In with Ethereum: fetches a challenge, checks it (see
 * {@link checkSiweMessage}: for this client's server, this account and
 * chain, fresh), has the wallet sign the exact EIP-4361 message
 * (`personal_sign`), and keeps the session tokens, which the client then
 * refreshes by itself. A challenge that fails the check rejects with a
 * {@link SiweChallengeError} before the wallet is asked anything more.
 */
export async function signIn(
  sg: StreamGateClients,
  wallet: Eip1193Provider | MessageSigningAccount,
  opts: SignInOptions = {},
): Promise<SignInResult> {
  const w = "request" in wallet ? await fromProvider(wallet, opts) : fromAccount(wallet, opts);
  const signal = opts.signal;
  const ch = await sg.auth.getChallenge({ address: w.address, chainId: w.chainId }, { signal });
  checkSiweMessage(ch.message, {
    origins: sg.signInOrigins,
    address: w.address,
    chainId: w.chainId,
    nonce: ch.nonce || undefined,
  });
  const signature = await w.sign(ch.message);
  const res = await sg.auth.signIn({ message: ch.message, signature }, { signal });
  sg.session.set(tokensFrom(res.tokens));
  return { address: res.address };
}

interface Wallet {
  address: string;
  chainId: bigint;
  sign(message: string): Promise<string>;
}

function fromAccount(a: MessageSigningAccount, opts: SignInOptions): Wallet {
  return {
    address: a.address,
    chainId: BigInt(opts.chainId ?? 1),
    sign: (message) => a.signMessage({ message }),
  };
}

async function fromProvider(p: Eip1193Provider, opts: SignInOptions): Promise<Wallet> {
  let address = opts.address;
  if (!address) {
    const accounts = await p.request({ method: "eth_requestAccounts" });
    if (!Array.isArray(accounts) || typeof accounts[0] !== "string") {
      throw new ConnectError("wallet returned no account", Code.FailedPrecondition);
    }
    address = accounts[0];
  }
  let chainId = opts.chainId;
  if (chainId === undefined) {
    const id = await p.request({ method: "eth_chainId" });
    if (typeof id !== "string" && typeof id !== "number") {
      throw new ConnectError("wallet returned no chain id", Code.FailedPrecondition);
    }
    chainId = BigInt(id);
  }
  const signer = address;
  return {
    address,
    chainId: BigInt(chainId),
    sign: async (message) => {
      const sig = await p.request({ method: "personal_sign", params: [utf8Hex(message), signer] });
      if (typeof sig !== "string") throw new ConnectError("wallet returned no signature", Code.FailedPrecondition);
      return sig;
    },
  };
}

function utf8Hex(s: string): string {
  let out = "0x";
  for (const b of new TextEncoder().encode(s)) out += b.toString(16).padStart(2, "0");
  return out;
}
