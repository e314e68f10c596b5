import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isBlank } from '../../src/core/validate';

// Produced by the JVM itself: test/fixtures/java/JavaWhitespace.java (Character.isWhitespace, Java 17).
const java = JSON.parse(readFileSync(join(__dirname, '../fixtures/java/java-whitespace.json'), 'utf8')) as { java: string; whitespace: number[] };

test("isBlank agrees with Java's Character.isWhitespace on every UTF-16 code unit (what Alipay's SDK drops)", () => {
  const javaWhitespace = new Set(java.whitespace);
  const differ: string[] = [];
  for (let unit = 0; unit <= 0xffff; unit++) {
    const ch = String.fromCharCode(unit);
    if (isBlank(ch) !== javaWhitespace.has(unit)) differ.push(unit.toString(16));
  }
  assert.deepEqual(differ, [], `differs from Java ${java.java} at U+${differ.join(', U+')}`);
  assert.equal(isBlank(''), true);
  assert.equal(isBlank(' \t\u3000\u2028'), true);
  assert.equal(isBlank(' \u00a0'), false, 'U+00A0 is not whitespace in Java');
  assert.equal(isBlank('\ufeff'), false);
});
