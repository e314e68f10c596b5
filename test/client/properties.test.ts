import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { useSimulator } from '../support/fixture';

const fixture = useSimulator();

const tricky = fc.constantFrom('&', '=', '+', '%', '%20', '&a=1', '\\', '"', '/', '\\/', '😀', '👨‍👩‍👧', '中文', '\n', '\u0000', '\u2028', ' ');
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.array(tricky, { maxLength: 6 }).map((parts) => parts.join('')));
const bizContent = fc.object({
  key: text.filter((k) => k !== '__proto__'),
  values: [text, fc.integer(), fc.boolean(), fc.constant(null)],
  maxDepth: 3,
  maxKeys: 6,
});

test('any biz_content of unicode, emoji, &=+% and nesting round-trips signed and verified', async () => {
  await fc.assert(
    fc.asyncProperty(bizContent, async (biz) => {
      const res = await fixture.client.request({ method: 'simulator.echo', data: { biz_content: biz } });
      assert.equal(res.code, 0, JSON.stringify(res));
      assert.equal(fixture.sim.requests[fixture.sim.requests.length - 1].signatureValid, true);
      assert.deepEqual(res.code === 0 && res.biz_content, biz);
    }),
    { numRuns: 150 },
  );
});

const SCENE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$&'()*+,/:;=?@-._~";
/** The documented rule, restated independently of the implementation. */
const sceneAllowed = (scene: string) => scene.length >= 1 && scene.length <= 32 && [...scene].every((c) => SCENE_CHARS.includes(c));
const pageAllowed = (page: string) => !page.startsWith('/') && !page.includes('?') && page.length <= 256 && !/\s/.test(page);

const anyChar = fc.oneof(fc.constantFrom(...SCENE_CHARS), fc.constantFrom(' ', '%', '"', '<', '^', '`', '{', '中', '😀', '\t'));
const sceneArb = fc.oneof(fc.string({ unit: anyChar, minLength: 0, maxLength: 40 }), fc.string({ unit: fc.constantFrom(...SCENE_CHARS), minLength: 1, maxLength: 32 }));
const pageArb = fc.oneof(
  fc.constantFrom('pages/index/index', 'pages/a/b', ''),
  fc.string({ unit: fc.constantFrom('p', 'a', 'g', 'e', 's', '/', '?', '=', ' ', '_', '-', '.'), maxLength: 30 }),
);

test('every page/scene the rules refuse is refused locally, every one they allow is sent', async () => {
  await fc.assert(
    fc.asyncProperty(pageArb, sceneArb, async (page, scene) => {
      const before = fixture.sim.requests.length;
      const res = await fixture.client.acode.getMiniCode({ page, scene });
      const allowed = sceneAllowed(scene) && pageAllowed(page);
      if (allowed) {
        assert.equal(res.code, 0, JSON.stringify({ page, scene, res }));
        const biz = JSON.parse(fixture.sim.requests[fixture.sim.requests.length - 1].params.biz_content);
        assert.equal(biz.query_param, scene);
        assert.equal(biz.url_param, page || 'pages/index/index');
      } else {
        assert.equal(res.code, 'vk-alipay-openapi-invalid-param', JSON.stringify({ page, scene, res }));
        assert.equal(fixture.sim.requests.length, before);
      }
    }),
    { numRuns: 300 },
  );
});
