// Answers batches of questions with npm's own semver package, one JSON line per batch.
// Request:  {"ranges": [...], "versions": [...], "pairs": [[rangeIndex, versionIndex], ...]}
// Response: {"validRange": [bool...], "validVersion": [bool...], "satisfies": [bool...],
//            "maxSatisfying": [string|null...]}  (maxSatisfying of each range over all versions)
'use strict'
const semver = require(process.argv[2])
const readline = require('readline')

const validRange = (r) => {
  try {
    new semver.Range(r)
    return true
  } catch (e) {
    return false
  }
}

const lines = readline.createInterface({ input: process.stdin })
lines.on('line', (line) => {
  const q = JSON.parse(line)
  const answer = {
    validRange: q.ranges.map(validRange),
    validVersion: q.versions.map((v) => semver.valid(v) !== null),
    satisfies: q.pairs.map(([r, v]) => semver.satisfies(q.versions[v], q.ranges[r])),
    maxSatisfying: q.ranges.map((r) => semver.maxSatisfying(q.versions, r)),
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
})
