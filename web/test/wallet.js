// A test wallet injected into pages before they load: EIP-1193 providers
// that sign with real keys (viem), announced by EIP-6963, one per entry
// of window.__testWallets = { chainId, wallets: [{ name, rdns, key }] }.
// The first is also window.ethereum, as a legacy injected wallet would be.

import { privateKeyToAccount } from "viem/accounts";

const icon =
  "data:image/svg+xml;base64," +
  btoa('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" r="14" fill="#5b5bd6"/></svg>');

function provider(key, chainId) {
  const account = privateKeyToAccount(key);
  const listeners = new Map();
  let chain = chainId;
  const emit = (ev, arg) => (listeners.get(ev) ?? []).forEach((fn) => fn(arg));
  return {
    isTestWallet: true,
    async request({ method, params }) {
      window.__walletCalls = (window.__walletCalls ?? []).concat(method);
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return [account.address];
        case "eth_chainId":
          return "0x" + chain.toString(16);
        case "personal_sign":
          return account.signMessage({ message: { raw: params[0] } });
        case "wallet_switchEthereumChain":
          chain = Number(BigInt(params[0].chainId));
          emit("chainChanged", params[0].chainId);
          return null;
        default:
          throw Object.assign(new Error(`test wallet: ${method} is not supported`), { code: 4200 });
      }
    },
    on(ev, fn) {
      listeners.set(ev, [...(listeners.get(ev) ?? []), fn]);
    },
    removeListener(ev, fn) {
      listeners.set(ev, (listeners.get(ev) ?? []).filter((f) => f !== fn));
    },
  };
}

const cfg = window.__testWallets;
if (cfg) {
  const announced = cfg.wallets.map((w, i) => ({
    info: { uuid: `00000000-0000-4000-8000-00000000000${i}`, name: w.name, icon, rdns: w.rdns },
    provider: provider(w.key, cfg.chainId),
  }));
  window.ethereum = announced[0]?.provider;
  const announce = () =>
    announced.forEach((d) => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze(d) })));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
}
