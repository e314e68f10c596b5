'use strict';
// One measurement in a fresh process: `cold` (require to first answer) or `steady` (CPU and heap
// per call after warm-up). The contender module is loaded inside the timed span.
const MODE = process.argv[2];
const CONTENDER = process.argv[3];

async function main() {
  if (MODE === 'cold') {
    const t0 = process.hrtime.bigint();
    const ok = await require(`./${CONTENDER}.cjs`).makeCaller()();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(JSON.stringify({ ok, ms }));
    return;
  }
  const call = require(`./${CONTENDER}.cjs`).makeCaller();
  for (let i = 0; i < 200; i++) if (!(await call())) throw new Error('a warm-up call failed');
  global.gc();
  const heap0 = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const calls = Number(process.env.CALLS || 1000);
  let ok = 0;
  for (let i = 0; i < calls; i++) if (await call()) ok++;
  const cpu = process.cpuUsage(cpu0);
  global.gc();
  const heapGrowth = process.memoryUsage().heapUsed - heap0;
  process.stdout.write(JSON.stringify({ ok: ok === calls, cpuMicros: (cpu.user + cpu.system) / calls, heapGrowth }));
}

main().catch((error) => {
  process.stdout.write(JSON.stringify({ ok: false, error: String(error && error.message) }));
});
