// Compiles ../contracts/*.sol with solc (pinned in package.json) into
// ../contracts.json: {ContractName: {abi, bytecode}}. Run by
// `go generate ./server/auth/` (npm ci first); the output is committed.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import solc from 'solc'

const here = path.dirname(fileURLToPath(import.meta.url))
const dir = path.join(here, '..', 'contracts')
const sources = {}
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(dir, f), 'utf8') }
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
}
const out = JSON.parse(solc.compile(JSON.stringify(input)))
const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
if (errors.length) {
  console.error(errors.map((e) => e.formattedMessage).join('\n'))
  process.exit(1)
}
const result = { compiler: solc.version() }
for (const file of Object.keys(out.contracts).sort()) {
  for (const [name, c] of Object.entries(out.contracts[file])) {
    result[name] = { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object }
  }
}
fs.writeFileSync(path.join(here, '..', 'contracts.json'), JSON.stringify(result, null, 1) + '\n')
