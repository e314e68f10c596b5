import * as crypto from 'crypto';

export interface Grant {
  appid: string;
  userId?: string;
  openId?: string;
  unionId?: string;
}

/** What the gateway remembers between calls: single-use codes and the tokens it issued. */
export class GatewayState {
  readonly codes = new Map<string, Grant>();
  readonly accessTokens = new Map<string, Grant>();
  readonly refreshTokens = new Map<string, Grant>();

  issueAuthCode(grant: Grant): string {
    const code = crypto.randomBytes(16).toString('hex');
    this.codes.set(code, grant);
    return code;
  }

  /** A code works once, for the app it was issued to. */
  redeemCode(code: string, appid: string): Grant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.appid === appid ? grant : undefined;
  }

  issueTokens(grant: Grant) {
    const accessToken = `authusrB${crypto.randomBytes(12).toString('hex')}`;
    const refreshToken = `authusrB${crypto.randomBytes(12).toString('hex')}`;
    this.accessTokens.set(accessToken, grant);
    this.refreshTokens.set(refreshToken, grant);
    return { accessToken, refreshToken };
  }

  /** A refresh token is replaced by the new pair. */
  redeemRefreshToken(token: string, appid: string): Grant | undefined {
    const grant = this.refreshTokens.get(token);
    this.refreshTokens.delete(token);
    return grant && grant.appid === appid ? grant : undefined;
  }
}
