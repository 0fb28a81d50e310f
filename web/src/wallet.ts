// <sg-wallet server="...">: connect a wallet, sign in with Ethereum, show
// the address and chain, sign out. Several wallets: the user picks one.

import { LitElement, html, nothing } from "lit";

import { chainName, listChains, short } from "./chains.js";
import { problem } from "./errors.js";
import { account, walletEvents, wallets } from "./session.js";
import type { Account, WalletOption } from "./session.js";
import { base } from "./styles.js";

export class SgWallet extends LitElement {
  static override properties = {
    server: { type: String },
    picking: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  static override styles = [base];

  declare server: string;
  declare picking: boolean;
  declare busy: boolean;
  declare error: string;
  private acct?: Account;
  private readonly update$ = () => this.requestUpdate();

  constructor() {
    super();
    this.server = location.origin;
    this.picking = false;
    this.busy = false;
    this.error = "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    walletEvents.addEventListener("change", this.update$);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    walletEvents.removeEventListener("change", this.update$);
    this.acct?.removeEventListener("change", this.update$);
  }

  override willUpdate(): void {
    const a = account(this.server);
    if (a !== this.acct) {
      this.acct?.removeEventListener("change", this.update$);
      this.acct = a;
      a.addEventListener("change", this.update$);
      // The chain's name comes from the server; ask once, then redraw.
      listChains(a.sg).then(this.update$, () => {});
    }
  }

  override render() {
    const a = this.acct!;
    if (a.address) {
      return html`<div class="row" role="group" aria-label="Wallet">
        <span data-testid="address" title=${a.address}>Signed in as <code>${short(a.address)}</code></span>
        <span class="muted" data-testid="chain">on ${chainName(a.chainId)}</span>
        <button class="secondary" @click=${this.signOut} ?disabled=${this.busy}>Sign out</button>
      </div>`;
    }
    const list = wallets();
    return html`<div class="row" role="group" aria-label="Wallet">
        <button @click=${this.connect} ?disabled=${this.busy} aria-expanded=${this.picking ? "true" : "false"}>
          ${this.busy ? "Check your wallet…" : "Sign in with wallet"}
        </button>
        ${this.picking && list.length > 1
          ? html`<div class="row" role="group" aria-label="Choose a wallet">
              ${list.map(
                (w) => html`<button class="secondary" data-wallet=${w.rdns ?? w.id} @click=${() => this.signIn(w)}>
                  ${w.icon ? html`<img src=${w.icon} alt="" width="20" height="20">` : nothing}${w.name}
                </button>`,
              )}
            </div>`
          : nothing}
      </div>
      ${this.picking && list.length === 0
        ? html`<p role="alert" data-testid="no-wallet">
            No wallet found in this browser. Install a wallet extension such as
            <a href="https://metamask.io/download/" target="_blank" rel="noopener">MetaMask</a>,
            <a href="https://rabby.io/" target="_blank" rel="noopener">Rabby</a> or
            <a href="https://www.coinbase.com/wallet" target="_blank" rel="noopener">Coinbase Wallet</a>, then reload this page.
          </p>`
        : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }

  private connect(): void {
    this.error = "";
    const list = wallets();
    if (list.length === 1) void this.signIn(list[0]!);
    else this.picking = !this.picking;
  }

  private async signIn(w: WalletOption): Promise<void> {
    this.busy = true;
    this.error = "";
    try {
      await this.acct!.signIn(w);
      this.picking = false;
    } catch (err) {
      const rejected = (err as { code?: number }).code === 4001;
      this.error = rejected ? "You declined the signature in your wallet." : `Sign-in failed: ${problem(err).message}`;
    } finally {
      this.busy = false;
    }
  }

  private async signOut(): Promise<void> {
    this.busy = true;
    try {
      await this.acct!.signOut();
    } catch {
      // Signed out here even if the server could not be told.
    } finally {
      this.busy = false;
    }
  }
}

if (!customElements.get("sg-wallet")) customElements.define("sg-wallet", SgWallet);
