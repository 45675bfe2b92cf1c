// npm run kb:report [folder]: per entry, what is filled, what is missing and the oldest check date.
import { loadKnowledge } from '../knowledge/load.js';
import { reportKnowledge } from '../knowledge/report.js';
import { formatProblem } from '../knowledge/types.js';
import { readConfigOrExit } from './cliConfig.js';

const dir = process.argv[2] ?? readConfigOrExit().knowledgeDir;
const result = await loadKnowledge(dir);
if (!result.ok) {
  for (const p of result.problems) console.log(formatProblem(p));
  console.log('\nfix these first (npm run kb:check)');
  process.exit(1);
}
const reports = reportKnowledge(result.kb).sort((a, b) => a.kind.localeCompare(b.kind) || a.oldestCheck.localeCompare(b.oldestCheck) || a.id.localeCompare(b.id));
for (const r of reports) {
  console.log(`${r.kind.padEnd(8)} ${r.id.padEnd(36)} checked ${r.oldestCheck}  examples ${String(r.examples).padStart(2)}`);
  console.log(`         filled:  ${r.filled.join(', ') || '-'}`);
  if (r.missing.length > 0) console.log(`         missing: ${r.missing.join(', ')}`);
}
const services = reports.filter((r) => r.kind === 'service');
const noFee = services.filter((r) => r.missing.includes('fee') || r.missing.includes('fee for some speeds')).length;
console.log(`\n${reports.length} entries; ${services.length} services, ${noFee} of them without a confirmed fee for every speed`);
