// npm run kb:check [folder]: validates the knowledge base and prints each problem as `file: field: message`
// (exit 1), then each warning as `warning: file: field: message` (exit 0).
import { loadKnowledge } from '../knowledge/load.js';
import { formatProblem } from '../knowledge/types.js';
import { readConfigOrExit } from './cliConfig.js';

const dir = process.argv[2] ?? readConfigOrExit().knowledgeDir;
const result = await loadKnowledge(dir);
if (!result.ok) {
  for (const p of result.problems) console.log(formatProblem(p));
  console.log(`\n${result.problems.length} problem(s) in ${dir}`);
  process.exit(1);
}
const counts = { service: 0, topic: 0, redirect: 0 };
for (const e of result.kb.entries) counts[e.kind] += 1;
console.log(`OK: ${counts.service} services, ${counts.topic} topics, ${counts.redirect} redirects in ${dir}`);
// Warnings do not fail the check: the bot works, only less well.
for (const w of result.warnings) console.log(`warning: ${formatProblem(w)}`);
if (result.warnings.length > 0) console.log(`\n${result.warnings.length} warning(s) in ${dir}`);
