import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { deadline } from '../../src/core/protocol/deadlines';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('each deadline fires once, on time, in order; a cancelled one never fires', async () => {
  const fired: string[] = [];
  const t0 = Date.now();
  const at: Record<string, number> = {};
  const mark = (name: string) => () => {
    fired.push(name);
    at[name] = Date.now() - t0;
  };
  deadline(120, mark('late'));
  const cancelled = deadline(40, mark('cancelled'));
  deadline(80, mark('middle'));
  deadline(20, mark('early')); // earlier than the armed one: re-arms
  cancelled.cancel();
  await sleep(200);
  assert.deepEqual(fired, ['early', 'middle', 'late']);
  assert.ok(at.early >= 19 && at.middle >= 79 && at.late >= 119, JSON.stringify(at));
  assert.ok(at.late < 190, JSON.stringify(at));
});

test('a deadline armed behind a cancelled earlier one still fires (the sweep re-arms)', async () => {
  let fired = 0;
  const first = deadline(10, () => assert.fail('cancelled'));
  deadline(60, () => fired++);
  first.cancel();
  await sleep(100);
  assert.equal(fired, 1);
});

test('a delay beyond setTimeout’s 2^31-1 ms neither fires early nor overflows the timer (which would spin every 1 ms)', async () => {
  let fired = false;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  const far = deadline(40 * 24 * 3600e3, () => (fired = true));
  await sleep(30);
  far.cancel();
  process.off('warning', onWarning);
  assert.equal(fired, false);
  assert.deepEqual(warnings, []);
});

test('the watch alone does not keep the process alive', () => {
  const started = Date.now();
  execFileSync(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(require.resolve('../../src/core/protocol/deadlines'))}).deadline(60000, () => process.exit(3));`]);
  assert.ok(Date.now() - started < 20000);
});

test('any mix of deadlines and cancellations: each live one fires once, not before its time, none cancelled fires', async () => {
  const fc = (await import('fast-check')).default;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.record({ ms: fc.integer({ min: 0, max: 40 }), cancelAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }) }), { minLength: 1, maxLength: 25 }), async (plans) => {
      const t0 = Date.now();
      const fired: number[][] = plans.map(() => []);
      const cancelledAt: Array<number | undefined> = plans.map(() => undefined);
      plans.forEach((plan, i) => {
        const watch = deadline(plan.ms, () => fired[i].push(Date.now() - t0));
        if (plan.cancelAfter !== undefined) {
          setTimeout(() => {
            if (fired[i].length === 0) cancelledAt[i] = Date.now() - t0;
            watch.cancel();
          }, plan.cancelAfter);
        }
      });
      await sleep(90);
      plans.forEach((plan, i) => {
        if (cancelledAt[i] !== undefined) assert.deepEqual(fired[i], [], `deadline ${i} fired after its cancel`);
        else {
          assert.equal(fired[i].length, 1, `deadline ${i} (${plan.ms} ms) fired ${fired[i].length} times`);
          assert.ok(fired[i][0] >= plan.ms - 1, `deadline ${i} fired at ${fired[i][0]} ms, before ${plan.ms}`);
        }
      });
    }),
    { numRuns: 25 },
  );
});
