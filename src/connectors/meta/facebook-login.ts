import { randomBytes } from 'node:crypto';
import type { OAuthBegin, OAuthBeginInput } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import {
  beforePublishing,
  callGraph,
  callGraphUnauthenticated,
  type GraphTransport,
  stringField,
} from './graph-client.js';

/** A Page the login may act for, with its Page token and the Instagram account linked to it. */
export interface GrantedPage {
  id: string;
  name: string;
  accessToken: string;
  instagram?: { id: string; username: string; name?: string };
}

export interface LoginResult {
  userAccessToken: string;
  userTokenExpiresAt: number | undefined;
  pages: GrantedPage[];
}

/**
 * Facebook Login (facebook.md, "Auth"): the OAuth dialog, the code exchange, the long-lived token
 * exchange (`grant_type=fb_exchange_token`), then `/me/accounts` for the Pages and their tokens.
 */
export class FacebookLogin {
  constructor(
    private readonly transport: GraphTransport,
    private readonly options: { dialogUrl: string; appSecret: string; scopes: readonly string[] },
  ) {}

  begin(input: OAuthBeginInput): OAuthBegin {
    const url = new URL(this.options.dialogUrl);
    url.searchParams.set('client_id', this.transport.appId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', this.options.scopes.join(','));
    // Facebook Login's code flow for a server app needs no PKCE; the state (checked by Crier) guards it.
    return { authorizeUrl: url.toString(), codeVerifier: randomBytes(16).toString('base64url') };
  }

  async complete(input: { code: string; redirectUri: string }): Promise<LoginResult> {
    return beforePublishing(this.transport.networkName, async () => {
      const short = await callGraphUnauthenticated(
        this.transport,
        '/oauth/access_token',
        {
          client_id: this.transport.appId,
          client_secret: this.options.appSecret,
          redirect_uri: input.redirectUri,
          code: input.code,
        },
        'exchanging the authorization code',
      );
      const shortToken = requireToken(short, this.transport.networkName);
      const long = await this.exchangeForLongLived(shortToken);
      return { ...long, pages: await this.pages(long.userAccessToken) };
    });
  }

  /** A long-lived user token (about 60 days) for a short-lived one. */
  async exchangeForLongLived(userAccessToken: string): Promise<Omit<LoginResult, 'pages'>> {
    const answer = await callGraphUnauthenticated(
      this.transport,
      '/oauth/access_token',
      {
        grant_type: 'fb_exchange_token',
        client_id: this.transport.appId,
        client_secret: this.options.appSecret,
        fb_exchange_token: userAccessToken,
      },
      'exchanging for a long-lived token',
    );
    const expiresIn = Number(answer.expires_in);
    return {
      userAccessToken: requireToken(answer, this.transport.networkName),
      userTokenExpiresAt:
        Number.isFinite(expiresIn) && expiresIn > 0 ? this.transport.now() + expiresIn * 1000 : undefined,
    };
  }

  /** The Pages the person shared with Crier, each with a fresh Page token. */
  async pages(userAccessToken: string): Promise<GrantedPage[]> {
    const answer = await callGraph(this.transport, {
      method: 'GET',
      path: '/me/accounts',
      accessToken: userAccessToken,
      params: { fields: 'id,name,access_token,instagram_business_account{id,username,name}', limit: '100' },
      action: 'listing the Pages of the account',
    });
    const data = Array.isArray(answer.data) ? (answer.data as Array<Record<string, unknown>>) : [];
    return data.flatMap((entry) => {
      const id = stringField(entry, 'id');
      const accessToken = stringField(entry, 'access_token');
      if (!id || !accessToken) return [];
      const linked = entry.instagram_business_account as Record<string, unknown> | undefined;
      const instagramId = linked && stringField(linked, 'id');
      const page: GrantedPage = { id, name: stringField(entry, 'name') ?? id, accessToken };
      if (linked && instagramId) {
        page.instagram = {
          id: instagramId,
          username: stringField(linked, 'username') ?? instagramId,
          name: stringField(linked, 'name'),
        };
      }
      return [page];
    });
  }
}

function requireToken(answer: Record<string, unknown>, networkName: string): string {
  const token = stringField(answer, 'access_token');
  if (!token)
    throw new ConnectorError('auth', `${networkName} answered the token exchange without a token; connect again`);
  return token;
}
