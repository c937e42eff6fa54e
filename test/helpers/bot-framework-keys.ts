import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Framework's token signing service
 * (login.botframework.com): its OpenID metadata document
 * (`/v1/.well-known/openidconfiguration`, naming `jwks_uri`) and the key set
 * (`/v1/.well-known/keys`, RSA keys with `kid`, `n`, `e` and the channels each
 * key is endorsed for), served over HTTP from a locally generated RSA key.
 * The bot is pointed at it with TEAMS_OPENID_METADATA_URL (tests only), and
 * `mint()` signs tokens as the Bot Framework signs what it POSTs to a bot:
 * RS256, issuer https://api.botframework.com, audience = the app id, and the
 * `serviceurl` claim of the activity. Counts the requests to each endpoint,
 * can be made to answer an error, and can be taken down and brought back on
 * the same port.
 */

/** The issuer of tokens the Bot Framework channel sends to bots (public cloud). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

type Json = Record<string, unknown>;
type Failure = number | 'not-json' | 'hang';

export interface SigningKey {
  kid: string;
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
}

/** A fresh 2048-bit RSA key pair with a random key id. */
export function generateSigningKey(kid = crypto.randomBytes(12).toString('base64url')): SigningKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

export interface MintOptions {
  /** Signs with this key (default: the stand-in's published key). */
  key?: SigningKey;
  /** The `kid` header (default: the signing key's). */
  kid?: string;
  /**
   * `RS256` (default); `none` (no signature); `HS256` with the published
   * public key's PEM as the HMAC secret (the algorithm-confusion forgery).
   */
  alg?: 'RS256' | 'none' | 'HS256';
}

/** Signs `claims` into a compact JWT the way `mint` describes; exported for keys other than a stand-in's. */
export function signJwt(claims: Json, key: SigningKey, options: { kid?: string; alg?: MintOptions['alg'] } = {}): string {
  const alg = options.alg ?? 'RS256';
  const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
  const header = b64({ alg, typ: 'JWT', kid: options.kid ?? key.kid, x5t: options.kid ?? key.kid });
  const data = `${header}.${b64(claims)}`;
  if (alg === 'none') return `${data}.`;
  if (alg === 'HS256') {
    const secret = key.publicKey.export({ type: 'spki', format: 'pem' });
    return `${data}.${crypto.createHmac('sha256', secret).update(data).digest('base64url')}`;
  }
  return `${data}.${crypto.sign('sha256', Buffer.from(data), key.privateKey).toString('base64url')}`;
}

export class BotFrameworkKeysStandIn {
  /** Requests served (or answered with an error) per endpoint. */
  readonly hits = { metadata: 0, keys: 0 };
  /** The key the published key set holds. */
  readonly key: SigningKey;
  private readonly failures: { metadata?: Failure; keys?: Failure } = {};
  private server: http.Server;

  private constructor(
    server: http.Server,
    private readonly port: number,
    readonly appId: string,
  ) {
    this.server = server;
    this.key = generateSigningKey();
  }

  /** Starts the service on a free port of 127.0.0.1; tokens are minted for `appId`. */
  static async start(appId: string): Promise<BotFrameworkKeysStandIn> {
    const holder: { s?: BotFrameworkKeysStandIn } = {};
    const server = http.createServer((req, res) => holder.s!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.s = new BotFrameworkKeysStandIn(server, (server.address() as AddressInfo).port, appId);
    return holder.s;
  }

  private get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What TEAMS_OPENID_METADATA_URL is set to. */
  get metadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  /**
   * From now on `endpoint` answers `failure`: an HTTP status (a 5xx outage),
   * `not-json` (200 with a body that is not JSON) or `hang` (never answers);
   * `null` puts it right again.
   */
  failWith(endpoint: 'metadata' | 'keys', failure: Failure | null): void {
    if (failure === null) delete this.failures[endpoint];
    else this.failures[endpoint] = failure;
  }

  /**
   * A token as the Bot Framework channel sends it to the bot for an activity
   * whose serviceUrl is `serviceUrl`, valid for an hour; `claims` override or
   * add claims (`exp`, `aud`, `iss`, `serviceurl` …).
   */
  mint(serviceUrl: string, claims: Json = {}, options: MintOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const body = { serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600, iss: CHANNEL_ISSUER, aud: this.appId, ...claims };
    return signJwt(body, options.key ?? this.key, { ...(options.kid ? { kid: options.kid } : {}), ...(options.alg ? { alg: options.alg } : {}) });
  }

  /** The Authorization header of `mint`. */
  bearer(serviceUrl: string, claims: Json = {}, options: MintOptions = {}): { authorization: string } {
    return { authorization: `Bearer ${this.mint(serviceUrl, claims, options)}` };
  }

  /** Takes the service down: connections to its port are refused until `restart()`. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Brings the service back on the same port (the same URLs). */
  async restart(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    const endpoint = path === '/v1/.well-known/openidconfiguration' ? 'metadata' : path === '/v1/.well-known/keys' ? 'keys' : null;
    if (!endpoint || req.method !== 'GET') return send(res, 404, { error: 'not found' });
    this.hits[endpoint]++;
    const failure = this.failures[endpoint];
    if (failure === 'hang') return; // the connection stays open until stop()
    if (failure === 'not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html><body>Service Unavailable</body></html>');
    }
    if (failure) return send(res, failure, { error: 'stand-in outage' });
    if (endpoint === 'metadata') {
      // The shape of login.botframework.com's document.
      return send(res, 200, {
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${this.base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    const jwk = this.key.publicKey.export({ format: 'jwk' });
    return send(res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.key.kid, x5t: this.key.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
