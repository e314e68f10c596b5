import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FailureCodes } from '../../src/core/errors';
import { catalogue, localeOf, LOCALES } from '../../src/core/messages';
import { commonModuleDir } from '../support/plugin';
import { repoRoot } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

const fixture = useSimulator();
const slotsOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the catalogue', () => {
  test('every failure code, reason and token code has a text in every locale, with the same slots as zh-Hans', () => {
    const base = catalogue('zh-Hans');
    assert.deepEqual(Object.keys(base.codes).sort(), Object.values(FailureCodes).sort(), 'one text per failure code, no other');
    for (const locale of LOCALES) {
      for (const kind of ['codes', 'reasons', 'tokens'] as const) {
        const texts = catalogue(locale)[kind] as Record<string, string>;
        const reference = base[kind] as Record<string, string>;
        assert.deepEqual(Object.keys(texts).sort(), Object.keys(reference).sort(), `${locale} ${kind}`);
        for (const id of Object.keys(reference)) {
          assert.ok(texts[id] && texts[id].trim(), `${locale} ${kind}.${id} is empty`);
          assert.deepEqual(slotsOf(texts[id]), slotsOf(reference[id]), `${locale} ${kind}.${id}: slots`);
        }
      }
    }
  });

  test("the readmes' code tables show the catalogue's texts (plugin readme zh-Hans, README en)", () => {
    const tables: Array<[string, 'zh-Hans' | 'en']> = [
      [join(repoRoot, 'src/plugin/readme.md'), 'zh-Hans'],
      [join(repoRoot, 'README.md'), 'en'],
    ];
    for (const [file, locale] of tables) {
      const rows = new Map(
        [...readFileSync(file, 'utf8').matchAll(/^\| `(vk-alipay-openapi-[a-z-]+)` \| [^|]+ \| (.+) \|$/gm)].map((m) => [m[1], m[2].replace(/\\\|/g, '|')]),
      );
      assert.deepEqual([...rows.keys()].sort(), Object.values(FailureCodes).sort(), file);
      for (const [code, text] of rows) assert.equal(text, (catalogue(locale).codes as Record<string, string>)[code], `${file}: ${code}`);
    }
  });

  test('the plugin ships each catalogue as lang/<locale>.json, equal to src/core/messages', () => {
    for (const locale of LOCALES) {
      assert.deepEqual(JSON.parse(readFileSync(join(commonModuleDir, 'lang', `${locale}.json`), 'utf8')), catalogue(locale), locale);
    }
  });

  test('locales as uni-app reports them', () => {
    const cases: Record<string, string> = { 'zh-Hans': 'zh-Hans', zh_CN: 'zh-Hans', zh: 'zh-Hans', 'zh-Hant': 'zh-Hant', 'zh-TW': 'zh-Hant', zh_HK: 'zh-Hant', en: 'en', 'en-US': 'en', fr: 'zh-Hans', '': 'zh-Hans' };
    for (const [given, expected] of Object.entries(cases)) assert.equal(localeOf(given), expected, given);
    assert.equal(localeOf(undefined), 'zh-Hans');
    assert.equal(localeOf(['en']), 'zh-Hans');
  });
});

describe('messages follow the caller', () => {
  test('createClient: locale and messages options; codes never change with the language', async () => {
    const bad = { page: '/x', scene: 'a=1' };
    const zh = await fixture.clientWith({}).acode.getMiniCode(bad);
    const hant = await fixture.clientWith({ locale: 'zh-TW' }).acode.getMiniCode(bad);
    const en = await fixture.clientWith({ locale: 'en-US' }).acode.getMiniCode(bad);
    assert.equal(zh.msg, '参数 page 不正确：不能以 / 开头（应写成 pages/index/index）');
    assert.equal(hant.msg, '參數 page 不正確：不能以 / 開頭（應寫成 pages/index/index）');
    assert.equal(en.msg, 'Invalid parameter page: it must not start with "/" (write pages/index/index)');
    assert.ok(zh.code === hant.code && hant.code === en.code && en.code === FailureCodes.INVALID_PARAM);
    const own = await fixture.clientWith({ messages: { 'vk-alipay-openapi-invalid-param': '请检查 {param}' } }).acode.getMiniCode(bad);
    assert.equal(own.msg, '请检查 page');
  });

  test("Alipay's own sub_msg passes through unchanged in every locale", async () => {
    for (const locale of ['zh-Hans', 'en']) {
      const res = await fixture.clientWith({ locale }).auth.code2Session({ code: 'never-issued' });
      assert.equal(res.code, 'isv.code-invalid');
      assert.match(res.msg, /[\u4e00-\u9fff]/, 'the simulator answers in Chinese, as Alipay does');
    }
  });

  test('the cloud object answers in clientInfo.locale; a server caller in the plugin config locale', async () => {
    const space = fixture.space({ pluginConfig: { locale: 'en' } });
    const refused = (locale?: string) => space.asClient({ info: locale ? { locale } : {} }).raw('getMiniCode', { page: '/x', scene: 'a=1' });
    assert.equal((await refused('zh-Hans')).errMsg, '参数 page 不正确：不能以 / 开头（应写成 pages/index/index）');
    assert.match(String((await refused('zh-Hant')).errMsg), /^參數 page 不正確/);
    assert.match(String((await refused('en')).errMsg), /^Invalid parameter page/);
    assert.match(String((await space.asFunction().raw('getMiniCode', { page: '/x', scene: 'a=1' })).errMsg), /^Invalid parameter page/);
    const noToken = await space.asClient({ info: { locale: 'en' } }).raw('request', { method: 'alipay.a.b' });
    assert.equal(noToken.errCode, 'uni-id-check-token-failed');
    assert.equal(noToken.errMsg, catalogue('en').tokens['uni-id-check-token-failed']);
  });

  test('uni-config-center/vk-alipay-openapi/lang/<locale>.json overrides texts per code, with slots', async () => {
    const space = fixture.space({ files: { 'vk-alipay-openapi/lang/zh-Hans.json': JSON.stringify({ 'vk-alipay-openapi-invalid-param': '填写的信息有误（{param}）' }) } });
    const res = await space.asClient({ info: { locale: 'zh-Hans' } }).raw('getMiniCode', { page: '/x', scene: 'a=1' });
    assert.equal(res.errMsg, '填写的信息有误（page）');
    const en = await space.asClient({ info: { locale: 'en' } }).raw('getMiniCode', { page: '/x', scene: 'a=1' });
    assert.match(String(en.errMsg), /^Invalid parameter page/, 'other locales keep the built-in texts');
    const broken = fixture.space({ files: { 'vk-alipay-openapi/lang/zh-Hans.json': '{ not json' } });
    const fallback = await broken.asClient().raw('getMiniCode', { page: '/x', scene: 'a=1' });
    assert.equal(fallback.errCode, FailureCodes.INVALID_PARAM, 'a broken lang file never hides the real failure');
    assert.match(String(fallback.errMsg), /^参数 page 不正确/);
  });

  test('the drop-in speaks the plugin config locale', async () => {
    const space = fixture.space({ pluginConfig: { locale: 'zh-Hant' } });
    const res = await space.common.alipay.acode.getMiniCode({ page: '/x', scene: 'a=1' });
    assert.match(res.msg, /^參數 page/);
    assert.equal(loadCommon().FailureCodes.INVALID_PARAM, res.code);
  });
});
