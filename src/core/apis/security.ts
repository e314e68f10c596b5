import type { Executor } from '../protocol/executor';
import { CallError, FailureCodes, type Result } from '../errors';
import { MAX_LENGTH } from '../limits';
import { requireString } from '../validate';

/** Kept for drop-in compatibility with vk.openapi.alipay; Alipay has no such mini-program API. */
export type SecCheckParams = Record<string, unknown>;

export async function msgSecCheck(_params?: SecCheckParams): Promise<never> {
  throw new CallError(FailureCodes.UNSUPPORTED, { api: 'msgSecCheck', reason: 'msgSecCheck' });
}

export async function imgSecCheck(_params?: SecCheckParams): Promise<never> {
  throw new CallError(FailureCodes.UNSUPPORTED, { api: 'imgSecCheck', reason: 'imgSecCheck' });
}

export interface TextRiskDetectParams {
  /** The text to check (文本风险识别), at most MAX_LENGTH.content characters. */
  content: string;
}

export interface TextRiskDetectFields {
  /** `action === 'PASSED'`. */
  pass: boolean;
  /** Alipay's verdict: `PASSED` (放过) or `REJECTED` (拦截). */
  action: string;
  /** The words that matched; [] when Alipay names none. */
  keywords: string[];
  /** Alipay `unique_id`: the id of this check, to match asynchronous results. */
  uniqueId?: string;
}

export type TextRiskDetectResult = Result<TextRiskDetectFields>;

export const TEXT_RISK_METHOD = 'alipay.security.risk.content.detect';

/**
 * 文本风险识别：`alipay.security.risk.content.detect` with biz_content `{ content }`. The app needs
 * the 文本风险识别 feature (else Alipay's isv.insufficient-isv-permissions).
 */
export async function textRiskDetect(executor: Executor, params: TextRiskDetectParams): Promise<TextRiskDetectResult> {
  const content = requireString(params && params.content, 'content', MAX_LENGTH.content);
  const result = await executor.execute(TEXT_RISK_METHOD, { biz_content: { content } });
  if (result.code !== 0) return result;
  const { code: _code, msg, action, keywords, unique_id: uniqueId, ...rest } = result;
  const verdict = typeof action === 'string' ? action : '';
  return {
    ...rest,
    code: 0,
    msg,
    pass: verdict === 'PASSED',
    action: verdict,
    keywords: Array.isArray(keywords) ? keywords.map((word) => String(word)) : [],
    uniqueId: typeof uniqueId === 'string' ? uniqueId : undefined,
  };
}

/** What `security.msgSecCheck` does: the unsupported failure, or textRiskDetect with its `content`. */
export type MsgSecCheckMode = 'unsupported' | 'textRiskDetect';

/**
 * `msgSecCheck` of the plugin config (`file`): absent → 'unsupported'; `"textRiskDetect"` → textRiskDetect;
 * anything else is a configuration failure, so that a typo never silently leaves checks off.
 */
export function msgSecCheckMode(config: Record<string, unknown>, file: string): MsgSecCheckMode {
  const setting = config && config.msgSecCheck;
  if (setting === undefined || setting === null) return 'unsupported';
  if (setting === 'textRiskDetect') return 'textRiskDetect';
  throw new CallError(FailureCodes.CONFIG_INVALID, { file, reason: 'msgSecCheckSetting' });
}

