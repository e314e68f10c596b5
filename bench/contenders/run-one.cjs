'use strict';
// One measurement in a fresh process: `cold` (require to first answer), `steady` (CPU and heap per
// call after warm-up) or `paired` (CPU per call of the floor and the contender, one process). The
// contender module is loaded inside the timed span.
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
  if (MODE === 'paired') {
    // The floor and CONTENDER in one process, in alternating blocks: both see the same CPU, heap and
    // connection state, which separate processes do not (their ratios swing ±30 % on a shared VM).
    const callers = { floor: require('./floor.cjs').makeCaller(), [CONTENDER]: require(`./${CONTENDER}.cjs`).makeCaller() };
    const names = Object.keys(callers);
    for (let i = 0; i < 200; i++) for (const name of names) if (!(await callers[name]())) throw new Error(`a warm-up call of ${name} failed`);
    const cpu = { floor: 0, [CONTENDER]: 0 };
    const BLOCK = 50;
    const ROUNDS = 20;
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 ? names : [...names].reverse()) {
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < BLOCK; i++) if (!(await callers[name]())) throw new Error(`a call of ${name} failed`);
        const used = process.cpuUsage(cpu0);
        cpu[name] += used.user + used.system;
      }
    }
    const calls = ROUNDS * BLOCK;
    process.stdout.write(JSON.stringify({ ok: true, floorMicros: cpu.floor / calls, cpuMicros: cpu[CONTENDER] / calls }));
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
