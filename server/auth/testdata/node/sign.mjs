// Signs a SIWE message with viem, an implementation independent of the
// server's: reads {privateKey, message?, domain, uri, chainId, nonce,
// issuedAt, expirationTime, statement} as JSON on stdin. When message is
// absent, viem composes it from the fields (createSiweMessage). Prints
// {address, message, signature} as JSON.
import { privateKeyToAccount } from 'viem/accounts'
import { createSiweMessage } from 'viem/siwe'

const chunks = []
for await (const c of process.stdin) chunks.push(c)
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const account = privateKeyToAccount(input.privateKey)
const message = input.message ?? createSiweMessage({
  address: account.address,
  chainId: input.chainId,
  domain: input.domain,
  scheme: input.scheme,
  uri: input.uri,
  nonce: input.nonce,
  version: '1',
  statement: input.statement,
  issuedAt: new Date(input.issuedAt),
  expirationTime: new Date(input.expirationTime),
})
const signature = await account.signMessage({ message })
process.stdout.write(JSON.stringify({ address: account.address, message, signature }))
