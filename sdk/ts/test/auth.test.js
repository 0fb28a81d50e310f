import assert from "node:assert/strict";
import { test } from "node:test";

import { Code, StreamGate } from "@streamgate/sdk";

import { client, codeOf, provider, server, wallet } from "./helpers.js";

test("sign in with a viem account, then WhoAmI carries the bearer token", async () => {
  const seen = [];
  const { sg, account } = await client({ onTokens: (t) => seen.push(t) });
  assert.ok(sg.tokens?.accessToken, "no access token kept");
  assert.ok(sg.tokens.accessTokenExpiresAt > Date.now());
  assert.equal(seen.length, 1, "onTokens not told of the sign-in");
  const me = await sg.auth.whoAmI({});
  assert.equal(me.address, account.address);
  assert.equal(me.chainId, 1n);
  assert.ok(me.sessionId);
});

test("sign in through an EIP-1193 provider asks for accounts, chain and personal_sign", async () => {
  const sg = new StreamGate({ ...server });
  const account = wallet();
  const p = provider(account);
  const res = await sg.signIn(p);
  assert.equal(res.address, account.address);
  assert.deepEqual(p.calls, ["eth_requestAccounts", "eth_chainId", "personal_sign"]);
  assert.equal((await sg.auth.whoAmI({})).address, account.address);
});

test("a call without a session is unauthenticated", async () => {
  const { sg } = await client({}, false);
  assert.equal(await codeOf(() => sg.auth.whoAmI({})), Code.Unauthenticated);
});

test("a chain the server does not allow is refused and no session is kept", async () => {
  const sg = new StreamGate({ ...server });
  const code = await codeOf(() => sg.signIn(provider(wallet(), 5)));
  assert.equal(code, Code.InvalidArgument);
  assert.equal(sg.tokens, undefined);
});

test("a signature by another wallet is refused", async () => {
  const sg = new StreamGate({ ...server });
  const victim = wallet();
  const forger = wallet();
  const code = await codeOf(() =>
    sg.signIn({ address: victim.address, signMessage: (args) => forger.signMessage(args) }),
  );
  assert.equal(code, Code.Unauthenticated);
  assert.equal(sg.tokens, undefined);
});

test("tokens are refreshed before they expire, and a saved session resumes", async () => {
  // A margin longer than the access token's life makes every call refresh.
  const { sg, account } = await client({ refreshMarginMs: 24 * 3600 * 1000 });
  const first = sg.tokens;
  const [a, b] = await Promise.all([sg.auth.whoAmI({}), sg.auth.whoAmI({})]);
  assert.equal(a.address, account.address);
  assert.equal(b.address, account.address);
  const second = sg.tokens;
  assert.notEqual(second.accessToken, first.accessToken);
  assert.notEqual(second.refreshToken, first.refreshToken);
  // Concurrent calls shared one refresh: the rotated pair still works.
  const resumed = new StreamGate({ ...server, tokens: second });
  assert.equal((await resumed.auth.whoAmI({})).address, account.address);
});

test("a refresh token presented twice ends the session", async () => {
  const { sg } = await client();
  const old = sg.tokens.refreshToken;
  await sg.auth.refresh({ refreshToken: old }); // rotates server-side; sg keeps its (now stale) pair
  const code = await codeOf(() => new StreamGate({ ...server }).auth.refresh({ refreshToken: old }));
  assert.equal(code, Code.Unauthenticated);
});

test("sign out revokes the session", async () => {
  const { sg } = await client();
  const saved = sg.tokens;
  await sg.signOut();
  assert.equal(sg.tokens, undefined);
  const again = new StreamGate({ ...server, tokens: saved });
  assert.equal(await codeOf(() => again.auth.whoAmI({})), Code.Unauthenticated);
});

test("an access token the server refuses is refreshed and the call retried once", async () => {
  const { sg, account } = await client();
  // As after a server-side key rotation: the access token no longer
  // verifies, the refresh token still works.
  const broken = { ...sg.tokens, accessToken: sg.tokens.accessToken.slice(0, -6) + "AAAAAA" };
  const seen = [];
  const again = new StreamGate({ ...server, tokens: broken, onTokens: (t) => seen.push(t) });
  assert.equal((await again.auth.whoAmI({})).address, account.address);
  assert.equal(seen.length, 1, "no refresh happened");
  assert.notEqual(again.tokens.accessToken, broken.accessToken);
});

for (const [name, opts] of [
  ["gRPC-Web", { protocol: "grpc-web" }],
  ["Connect JSON", { useBinaryFormat: false }],
]) {
  test(`sign in and call over ${name}`, async () => {
    const { sg, account } = await client(opts);
    assert.equal((await sg.auth.whoAmI({})).address, account.address);
  });
}
