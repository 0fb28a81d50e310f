// The SDK reads the server's sign-in challenge before a wallet signs it
// (issue: a hostile server relays another site's challenge). Each hostile
// answer comes from a real HTTP server; the wallet must never be asked.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";

import { Code, SiweChallengeError, StreamGate, checkSiweMessage, parseSiweMessage } from "@streamgate/sdk";

import { baseUrl, provider, server, signInOrigins, wallet } from "./helpers.js";

// listen serves handler on a free port until the test ends.
async function listen(t, handler) {
  const srv = createServer(handler);
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => srv.close(resolve)));
  return `http://127.0.0.1:${srv.address().port}`;
}

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}

// relay forwards every request to the real server, as a hostile --server
// or a man in the middle on plain http would.
async function relay(t) {
  const calls = [];
  const url = await listen(t, async (req, res) => {
    calls.push(req.url.split("/").at(-1));
    const headers = { ...req.headers };
    delete headers.host;
    delete headers["content-length"];
    const up = await fetch(baseUrl + req.url, { method: req.method, headers, body: await body(req) });
    res.writeHead(up.status, Object.fromEntries([...up.headers].filter(([k]) => !["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"].includes(k))));
    res.end(Buffer.from(await up.arrayBuffer()));
  });
  return { url, calls };
}

// forger answers GetChallenge (Connect JSON) with whatever make() writes
// for the requested address and chain; every other call is refused.
async function forger(t, make) {
  const calls = [];
  const url = await listen(t, async (req, res) => {
    const method = req.url.split("/").at(-1);
    calls.push(method);
    if (method !== "GetChallenge") {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "unimplemented", message: "not here" }));
      return;
    }
    const ask = JSON.parse((await body(req)).toString());
    const { nonce = "abcdef0123456789", message } = make({ address: ask.address, chainId: BigInt(ask.chainId), origin: url });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ nonce, message, expiresAt: new Date(Date.now() + 300_000).toISOString() }));
  });
  return { url, calls };
}

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

// siwe writes an EIP-4361 message; every field can be overridden.
function siwe(f) {
  const lines = [
    `${f.scheme ? f.scheme + "://" : ""}${f.domain} wants you to sign in with your Ethereum account:`,
    f.address,
    "",
    "Sign in to a test site",
    "",
    `URI: ${f.uri}`,
    `Version: ${f.version ?? "1"}`,
    `Chain ID: ${f.chainId}`,
    `Nonce: ${f.nonce ?? "abcdef0123456789"}`,
    `Issued At: ${f.issuedAt ?? iso()}`,
  ];
  if (f.expirationTime !== null) lines.push(`Expiration Time: ${f.expirationTime ?? iso(300_000)}`);
  if (f.notBefore) lines.push(`Not Before: ${f.notBefore}`);
  return lines.join("\n");
}

const own = (a) => ({ domain: new URL(a.origin).host, uri: a.origin, address: a.address, chainId: a.chainId });

const hostile = [
  ["another site's domain and URI", "domain", (a) => siwe({ ...own(a), domain: "app.example.com", uri: "https://app.example.com" })],
  ["another site's domain, this server's URI", "domain", (a) => siwe({ ...own(a), domain: "app.example.com" })],
  ["this host on another port", "domain", (a) => siwe({ ...own(a), domain: "127.0.0.1:1" })],
  ["an https scheme for an http server", "domain", (a) => siwe({ ...own(a), scheme: "https" })],
  ["userinfo in the domain", "domain", (a) => siwe({ ...own(a), domain: "evil@" + new URL(a.origin).host })],
  ["this domain, another site's URI", "uri", (a) => siwe({ ...own(a), uri: "https://app.example.com/login" })],
  ["another account", "address", (a) => siwe({ ...own(a), address: wallet().address })],
  ["an address not checksummed", "address", (a) => siwe({ ...own(a), address: a.address.toLowerCase() })],
  ["another chain", "chain", (a) => siwe({ ...own(a), chainId: 137n })],
  ["a nonce other than the one returned", "nonce", (a) => ({ nonce: "zzzzzzzz0000", message: siwe(own(a)) })],
  ["an expired message", "time", (a) => siwe({ ...own(a), issuedAt: iso(-7_200_000), expirationTime: iso(-3_600_000) })],
  ["a message issued an hour ahead", "time", (a) => siwe({ ...own(a), issuedAt: iso(3_600_000), expirationTime: iso(3_700_000) })],
  ["a message valid only in an hour", "time", (a) => siwe({ ...own(a), notBefore: iso(3_600_000) })],
  ["version 2", "malformed", (a) => siwe({ ...own(a), version: "2" })],
  ["plain text", "malformed", () => "Sign this to log in to StreamGate"],
  ["no nonce", "malformed", (a) => siwe({ ...own(a), nonce: "" })],
];

for (const [name, reason, make] of hostile) {
  test(`a challenge with ${name} is refused before the wallet is asked to sign`, async (t) => {
    const bad = await forger(t, (a) => {
      const m = make(a);
      return typeof m === "string" ? { message: m } : m;
    });
    const account = wallet();
    const p = provider(account);
    const sg = new StreamGate({ baseUrl: bad.url, useBinaryFormat: false });
    const err = await sg.signIn(p).then(() => undefined, (e) => e);
    assert.ok(err instanceof SiweChallengeError, `want a SiweChallengeError, got ${err}`);
    assert.equal(err.reason, reason, err.message);
    assert.equal(err.code, Code.PermissionDenied);
    assert.match(err.message, /refusing to sign/);
    assert.deepEqual(p.calls, ["eth_requestAccounts", "eth_chainId"], "the wallet was asked to sign");
    assert.deepEqual(bad.calls, ["GetChallenge"]);
    assert.equal(sg.tokens, undefined);
  });
}

test("the forged server's own well-formed challenge does reach the wallet (the refusals above are specific)", async (t) => {
  const good = await forger(t, (a) => ({ message: siwe(own(a)) }));
  const p = provider(wallet());
  const sg = new StreamGate({ baseUrl: good.url, useBinaryFormat: false });
  await assert.rejects(sg.signIn(p), (e) => !(e instanceof SiweChallengeError));
  assert.deepEqual(p.calls, ["eth_requestAccounts", "eth_chainId", "personal_sign"]);
  assert.deepEqual(good.calls, ["GetChallenge", "SignIn"]);
});

test("a relay in front of the real server cannot get its challenge signed, by a provider or an account", async (t) => {
  const mitm = await relay(t);
  const account = wallet();
  const p = provider(account);
  const err = await new StreamGate({ baseUrl: mitm.url }).signIn(p).then(() => undefined, (e) => e);
  assert.ok(err instanceof SiweChallengeError, String(err));
  assert.equal(err.reason, "domain");
  assert.ok(err.message.includes(new URL(signInOrigins[0]).host), err.message);
  assert.ok(!p.calls.includes("personal_sign"));
  let signed = 0;
  const viaAccount = { address: account.address, signMessage: (m) => (signed++, account.signMessage(m)) };
  await assert.rejects(new StreamGate({ baseUrl: mitm.url }).signIn(viaAccount), SiweChallengeError);
  assert.equal(signed, 0);
  assert.deepEqual(mitm.calls, ["GetChallenge", "GetChallenge"]);
  // The same wallet signs in through the real server, whose messages name
  // the origin this client is configured to accept.
  assert.equal((await new StreamGate(server).signIn(p)).address, account.address);
});

test("the real server's challenge parses field by field and passes the check", async () => {
  const account = wallet();
  const sg = new StreamGate(server);
  const ch = await sg.auth.getChallenge({ address: account.address, chainId: 1n });
  const m = parseSiweMessage(ch.message);
  assert.equal(m.domain, new URL(signInOrigins[0]).host);
  assert.equal(new URL(m.uri).origin, signInOrigins[0]);
  assert.equal(m.address, account.address);
  assert.equal(m.chainId, 1n);
  assert.equal(m.nonce, ch.nonce);
  assert.equal(m.version, "1");
  assert.ok(Math.abs(m.issuedAt.getTime() - Date.now()) < 60_000);
  assert.equal(m.statement, "Sign in to StreamGate (TypeScript SDK test)");
  checkSiweMessage(ch.message, { origins: signInOrigins, address: account.address, chainId: 1n, nonce: ch.nonce });
  assert.throws(
    () => checkSiweMessage(ch.message, { origins: [baseUrl], address: account.address, chainId: 1n }),
    (e) => e instanceof SiweChallengeError && e.reason === "domain",
  );
});

test("default ports fold: https://host and host:443 are one origin", () => {
  const address = wallet().address;
  const text = siwe({ domain: "app.example.com:443", uri: "https://app.example.com/", address, chainId: 1n });
  checkSiweMessage(text, { origins: ["https://app.example.com"], address, chainId: 1n });
  assert.throws(() => checkSiweMessage(text, { origins: ["http://app.example.com"], address, chainId: 1n }), SiweChallengeError);
});
