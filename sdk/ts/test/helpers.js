// Shared setup for the node:test suites: the server URL from the Go test
// and fresh wallets.

import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { StreamGate } from "@streamgate/sdk";

/** The server the Go test started (sdk_test.go). */
export const baseUrl = process.env.STREAMGATE_URL ?? "";
if (!baseUrl) {
  throw new Error("STREAMGATE_URL is not set: run these tests through go test ./sdk/ts");
}

/**
 * The server's sign-in messages name the browser test page's origin (its
 * web app, sdk_test.go), not the API's, so Node clients are told to
 * accept that origin, as a script calling a separate API host would be.
 */
export const signInOrigins = [new URL(process.env.STREAMGATE_PAGE_URL ?? "http://page.invalid").origin];

/** Options for a client of the test server. */
export const server = { baseUrl, signInOrigins };

/** A new random wallet. */
export function wallet() {
  return privateKeyToAccount(generatePrivateKey());
}

/** A client, signed in as a new wallet when `signedIn`. */
export async function client(opts = {}, signedIn = true) {
  const sg = new StreamGate({ ...server, ...opts });
  const account = wallet();
  if (signedIn) await sg.signIn(account);
  return { sg, account };
}

/** An EIP-1193 provider backed by a viem account, as a wallet extension would be. */
export function provider(account, chainId = 1) {
  const calls = [];
  return {
    calls,
    async request({ method, params }) {
      calls.push(method);
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return [account.address];
        case "eth_chainId":
          return "0x" + chainId.toString(16);
        case "personal_sign": {
          const [data, address] = params;
          if (address.toLowerCase() !== account.address.toLowerCase()) throw new Error("unknown account");
          return account.signMessage({ message: { raw: data } });
        }
        default:
          throw new Error(`unsupported method ${method}`);
      }
    },
  };
}

/** Calls fn, which must reject with a ConnectError, and returns its code. */
export async function codeOf(fn) {
  try {
    await fn();
  } catch (err) {
    if (typeof err?.code !== "number") throw err;
    return err.code;
  }
  throw new Error("call succeeded; want an error");
}
