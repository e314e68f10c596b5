import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonMembers } from '../../src/core/protocol/json-members';
import { withFields } from '../../src/core/with-fields';

/** JSON text for `value` in one of many legal spellings: escapes anywhere, `\/`, odd whitespace. */
const spelling = fc.record({
  escapeEvery: fc.integer({ min: 0, max: 4 }),
  slashes: fc.boolean(),
  space: fc.constantFrom('', ' ', '\n\t', ' \r\n  '),
});
type Spelling = { escapeEvery: number; slashes: boolean; space: string };

function stringText(text: string, how: Spelling, seed: number): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = ch.charCodeAt(0);
    if (code < 0x20 || (how.escapeEvery > 0 && (i + seed) % how.escapeEvery === 0)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '/' && how.slashes) out += '\\/';
    else out += ch;
  }
  return `${out}"`;
}

function spell(value: unknown, how: Spelling, seed = 0): string {
  const s = how.space;
  if (typeof value === 'string') return stringText(value, how, seed);
  if (Array.isArray(value)) return `[${s}${value.map((item, i) => spell(item, how, seed + i)).join(`${s},${s}`)}${s}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).map((key, i) => `${stringText(key, how, seed + i)}${s}:${s}${spell((value as Record<string, unknown>)[key], how, seed + i + 1)}`);
    return `{${s}${entries.join(`${s},${s}`)}${s}}`;
  }
  return JSON.stringify(value);
}

const keyUnit = fc.constantFrom('a', 'b', '_', '"', '\\', '/', '{', '}', '[', ']', ':', ',', ' ', '中', '\u0000', '\ud83d\ude00');
const key = fc.string({ unit: keyUnit, maxLength: 6 });
const strings = fc.string({ unit: fc.oneof(keyUnit, fc.constantFrom('\\"', '\\\\', '"}', '\\u0022')), maxLength: 12 });
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, strings, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: true }),
})).value;

test('jsonMembers: every member of any legal spelling, key decoded, value text exactly its bytes', () => {
  fc.assert(
    fc.property(fc.dictionary(key, jsonValue, { maxKeys: 5, noNullPrototype: true }), spelling, (object, how) => {
      const text = spell(object, how);
      const parsed = JSON.parse(text);
      const members = jsonMembers(text);
      assert.deepEqual(members.map((member) => member.key), Object.keys(parsed));
      for (const member of members) {
        assert.deepEqual(JSON.parse(member.text), parsed[member.key]);
        assert.ok(text.includes(member.text));
      }
    }),
    { numRuns: 1500 },
  );
});

test('jsonMembers keeps duplicates, whatever their spelling, in order', () => {
  const text = '{"sign":"a", "\\u0073ign" :{"sign":"b"},"x":[1,"]"],"sign":"\\"}"}';
  assert.deepEqual(jsonMembers(text), [
    { key: 'sign', text: '"a"' },
    { key: 'sign', text: '{"sign":"b"}' },
    { key: 'x', text: '[1,"]"]' },
    { key: 'sign', text: '"\\"}"' },
  ]);
});

test('withFields copies as a spread does: an own __proto__ stays a field, the prototype stays Object.prototype', () => {
  const base = JSON.parse('{"__proto__":{"polluted":1},"a":1,"b":2}');
  const out = withFields(base, { b: 3, c: 4 }) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['__proto__', 'a', 'b', 'c']);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal((out as { polluted?: number }).polluted, undefined);
  assert.deepEqual(out, { ...base, b: 3, c: 4 });
  assert.deepEqual(Object.keys(base), ['__proto__', 'a', 'b']);
});
