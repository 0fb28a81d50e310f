// Reading the server's EIP-4361 challenge before a wallet signs it. The
// message names the site the signature logs into; a hostile or
// intercepted server could hand over another site's challenge and take
// the session the wallet signs for there. So, as wallets do, the client
// checks that the message is for the server it called, the account and
// chain it asked for, and is fresh, and refuses otherwise.

import { Code, ConnectError } from "@connectrpc/connect";
import { keccak_256 } from "@noble/hashes/sha3.js";

/** A parsed EIP-4361 (Sign-In with Ethereum) message. */
export interface SiweMessage {
  /** The origin's scheme when the message names one (`https`). */
  scheme?: string;
  /** The RFC 3986 authority asking for the sign-in (`app.example.com`). */
  domain: string;
  address: string;
  statement?: string;
  uri: string;
  version: string;
  chainId: bigint;
  nonce: string;
  issuedAt: Date;
  expirationTime?: Date;
  notBefore?: Date;
  requestId?: string;
  resources?: string[];
}

/** What the signing side expects of a challenge; see {@link checkSiweMessage}. */
export interface SiweExpectation {
  /** Origins (`scheme://host[:port]`) the message's domain and URI may name. */
  origins: readonly string[];
  /** The account the challenge was asked for. */
  address: string;
  /** The chain the challenge was asked for. */
  chainId: bigint;
  /** The nonce the server returned beside the message, when it did. */
  nonce?: string;
  /** Now, in ms since the epoch; default `Date.now()`. */
  now?: number;
  /** How far this clock may be from the server's; default 5 minutes. */
  skewMs?: number;
}

/**
 * The client refused to have a wallet sign a sign-in challenge, and no
 * wallet was asked. `reason` says which part of the message was wrong.
 */
export class SiweChallengeError extends ConnectError {
  // ConnectError's own instanceof test accepts any ConnectError; this one
  // accepts only refused challenges. (The name stays "ConnectError", which
  // ConnectError.from relies on to keep the code.)
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === "object" && v !== null && SiweChallengeError.prototype.isPrototypeOf(v);
  }

  constructor(
    readonly reason: "malformed" | "domain" | "uri" | "address" | "chain" | "nonce" | "time",
    message: string,
  ) {
    super(`refusing to sign the server's sign-in challenge: ${message}`, Code.PermissionDenied);
  }
}

const header = " wants you to sign in with your Ethereum account:";
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an EIP-4361 message. Throws {@link SiweChallengeError}
 * (`malformed`) for anything that is not one.
 */
export function parseSiweMessage(text: string): SiweMessage {
  const bad = (why: string): never => {
    throw new SiweChallengeError("malformed", `not an EIP-4361 message (${why})`);
  };
  if (text.length > 4096) bad("longer than 4096 characters");
  const lines = text.split("\n");
  let i = 0;
  const next = () => lines[i++] ?? bad("it ends early");
  const first = next();
  if (!first.endsWith(header)) bad("no 'wants you to sign in' line");
  let origin = first.slice(0, -header.length);
  let scheme: string | undefined;
  const sep = origin.indexOf("://");
  if (sep >= 0) {
    scheme = origin.slice(0, sep);
    origin = origin.slice(sep + 3);
    if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme)) bad(`scheme ${JSON.stringify(scheme)}`);
  }
  if (!/^[^\s/?#]+$/.test(origin)) bad(`domain ${JSON.stringify(origin)}`);
  const address = next();
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) bad("address line");
  if (next() !== "") bad("no blank line after the address");
  let statement: string | undefined;
  let line = next();
  if (line !== "") {
    statement = line;
    if (next() !== "") bad("no blank line after the statement");
  }
  const field = (name: string, optional = false): string | undefined => {
    const l = lines[i];
    if (l?.startsWith(name + ": ")) {
      i++;
      return l.slice(name.length + 2);
    }
    return optional ? undefined : bad(`no ${name} line`);
  };
  const date = (name: string, v: string | undefined): Date | undefined => {
    if (v === undefined) return undefined;
    const t = Date.parse(v);
    if (!rfc3339.test(v) || Number.isNaN(t)) bad(`${name} is not an RFC 3339 time`);
    return new Date(t);
  };
  const uri = field("URI")!;
  const version = field("Version")!;
  const chain = field("Chain ID")!;
  if (!/^[1-9][0-9]{0,77}$/.test(chain)) bad("chain id");
  const nonce = field("Nonce")!;
  if (!/^[A-Za-z0-9]{8,}$/.test(nonce)) bad("nonce");
  const issuedAt = date("Issued At", field("Issued At"))!;
  const expirationTime = date("Expiration Time", field("Expiration Time", true));
  const notBefore = date("Not Before", field("Not Before", true));
  const requestId = field("Request ID", true);
  let resources: string[] | undefined;
  if (lines[i] === "Resources:") {
    i++;
    resources = [];
    while (i < lines.length && lines[i]!.startsWith("- ")) resources.push(lines[i++]!.slice(2));
  }
  if (i !== lines.length) bad(`unexpected line ${JSON.stringify(lines[i]!.slice(0, 60))}`);
  return {
    ...(scheme !== undefined && { scheme }),
    domain: origin,
    address,
    ...(statement !== undefined && { statement }),
    uri,
    version,
    chainId: BigInt(chain),
    nonce,
    issuedAt,
    ...(expirationTime && { expirationTime }),
    ...(notBefore && { notBefore }),
    ...(requestId !== undefined && { requestId }),
    ...(resources && { resources }),
  };
}

/**
 * Parses a sign-in challenge and checks it against what the client asked
 * for: domain and URI on one of `origins` (same scheme, host and port),
 * the same address (EIP-55 checksummed) and chain, a nonce (the one the
 * server returned beside it, if any), version 1, and times that hold now.
 * Throws {@link SiweChallengeError}; returns the parsed message.
 */
export function checkSiweMessage(text: string, want: SiweExpectation): SiweMessage {
  const m = parseSiweMessage(text);
  const where = matchOrigin(m, want.origins);
  if (typeof where === "string") throw new SiweChallengeError(where === "uri" ? "uri" : "domain", describe(m, want.origins));
  if (m.version !== "1") throw new SiweChallengeError("malformed", `version ${JSON.stringify(m.version)}, not 1`);
  if (m.address.toLowerCase() !== want.address.toLowerCase()) {
    throw new SiweChallengeError("address", `it is for account ${m.address}, not ${want.address}`);
  }
  if (!isChecksummed(m.address)) throw new SiweChallengeError("address", `${m.address} is not EIP-55 checksummed`);
  if (m.chainId !== want.chainId) {
    throw new SiweChallengeError("chain", `it is for chain ${m.chainId}, not chain ${want.chainId}`);
  }
  if (want.nonce !== undefined && m.nonce !== want.nonce) {
    throw new SiweChallengeError("nonce", "its nonce is not the one the server returned with it");
  }
  checkTimes(m, want.now ?? Date.now(), want.skewMs ?? 5 * 60_000);
  return m;
}

// matchOrigin returns true when the domain and URI name one allowed
// origin, else which of the two is off ("domain" first).
function matchOrigin(m: SiweMessage, origins: readonly string[]): true | "domain" | "uri" {
  let domainSeen = false;
  for (const o of origins) {
    let want: URL;
    try {
      want = new URL(o);
    } catch {
      continue;
    }
    if (!sameAuthority(m, want)) continue;
    domainSeen = true;
    let uri: URL;
    try {
      uri = new URL(m.uri);
    } catch {
      continue;
    }
    if (uri.origin === want.origin && !uri.username && !uri.password) return true;
  }
  return domainSeen ? "uri" : "domain";
}

// sameAuthority compares the message's (scheme and) domain with an origin,
// default ports folded, userinfo refused.
function sameAuthority(m: SiweMessage, want: URL): boolean {
  if (m.scheme !== undefined && `${m.scheme.toLowerCase()}:` !== want.protocol) return false;
  let d: URL;
  try {
    d = new URL(`${want.protocol}//${m.domain}`);
  } catch {
    return false;
  }
  return !d.username && !d.password && d.host === want.host && d.pathname === "/" && !d.search && !d.hash;
}

function describe(m: SiweMessage, origins: readonly string[]): string {
  const list = origins.length ? origins.join(", ") : "(none configured)";
  return `it is for ${m.scheme ? m.scheme + "://" : ""}${m.domain} (URI ${m.uri}), not this client's server: ${list}`;
}

function checkTimes(m: SiweMessage, now: number, skew: number): void {
  const at = (d: Date) => d.toISOString();
  if (m.issuedAt.getTime() > now + skew) {
    throw new SiweChallengeError("time", `it was issued in the future (${at(m.issuedAt)})`);
  }
  if (m.expirationTime) {
    if (m.expirationTime.getTime() <= now - skew) throw new SiweChallengeError("time", `it expired at ${at(m.expirationTime)}`);
    if (m.expirationTime <= m.issuedAt) throw new SiweChallengeError("time", "it expires before it was issued");
  }
  if (m.notBefore && m.notBefore.getTime() > now + skew) {
    throw new SiweChallengeError("time", `it is not valid before ${at(m.notBefore)}`);
  }
}

/** Reports whether a 0x address is in its EIP-55 mixed-case form. */
export function isChecksummed(address: string): boolean {
  const hex = address.slice(2);
  const hash = keccak_256(new TextEncoder().encode(hex.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const c = hex[i]!;
    if (c >= "0" && c <= "9") continue;
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    if ((nibble >= 8) !== (c >= "A" && c <= "F")) return false;
  }
  return true;
}
