// Reads every Lighthouse JSON report in a directory, prints one line per page with its scores
// and what cost points, writes lighthouse.jsonl, and exits 1 if accessibility or best practices
// is below 95 anywhere.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const floor = 95;
const rows = [];
let failed = false;
for (const file of readdirSync(dir).filter((f) => /^\d+-.*\.json$/.test(f)).sort()) {
  const lhr = JSON.parse(readFileSync(join(dir, file), "utf8"));
  const role = file.replace(/^\d+-|\.json$/g, "");
  const path = new URL(lhr.finalDisplayedUrl ?? lhr.finalUrl).pathname;
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const metric = (id) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
  const row = {
    role,
    path,
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    fcpMs: metric("first-contentful-paint"),
    lcpMs: metric("largest-contentful-paint"),
    tbtMs: metric("total-blocking-time"),
    cls: lhr.audits["cumulative-layout-shift"]?.numericValue ?? null,
    runtimeError: lhr.runtimeError?.code ?? null,
  };
  // What cost points, so a failing run says what to fix without opening the report.
  const lost = [];
  for (const category of ["accessibility", "best-practices", "performance"]) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) lost.push(`${category}:${ref.id}`);
    }
  }
  row.lost = lost;
  rows.push(row);
  if (row.accessibility < floor || row.bestPractices < floor || row.runtimeError) failed = true;
}
writeFileSync(join(dir, "lighthouse.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
console.log("role       page                                              perf  a11y  bp   FCP ms  LCP ms  TBT ms  CLS");
for (const r of rows) {
  console.log(
    `${r.role.padEnd(10)} ${r.path.padEnd(49)} ${String(r.performance).padStart(4)} ${String(r.accessibility).padStart(5)} ${String(r.bestPractices).padStart(4)} ${String(r.fcpMs).padStart(7)} ${String(r.lcpMs).padStart(7)} ${String(r.tbtMs).padStart(7)}  ${r.cls?.toFixed(3)}`,
  );
  if (r.lost.length) console.log(`           lost points on: ${r.lost.join(", ")}`);
  if (r.runtimeError) console.log(`           runtime error: ${r.runtimeError}`);
}
if (rows.length === 0) failed = true;
if (failed) console.error(`accessibility and best practices must be at least ${floor} on every page`);
process.exit(failed ? 1 : 0);
