import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { importSPKI, jwtVerify } from 'jose';

/** A purchase as Google Play's purchases.products.get answers it (the fields used). */
export interface PlayPurchase {
  productId: string;
  purchaseState: number;
  orderId?: string;
  quantity?: number;
  consumptionState?: number;
  acknowledgementState?: number;
}

const API_PREFIX = '/androidpublisher/v3/applications/';
/** The token URL gtoken signs its assertions for (their `aud`), whatever URL they are sent to. */
const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';

/**
 * A local stand-in for Google's side of Google Play billing: the OAuth
 * token endpoint (it checks the service account's signed assertion with
 * the account's public key and hands out an access token) and the Android
 * Publisher purchases endpoints (they answer only a request bearing a token
 * it handed out). The real `@googleapis/androidpublisher` client talks to it
 * over 127.0.0.1, pointed here by the API and token URL settings.
 */
export class FakeGooglePlay {
  readonly packageName = 'com.example.life';
  readonly clientEmail = 'lifetick@example.iam.gserviceaccount.com';
  /** Purchases by purchase token. */
  readonly purchases = new Map<string, PlayPurchase>();
  /** Tokens consumed, in order. */
  readonly consumed: string[] = [];
  /** Requests refused for a missing or unknown bearer token. */
  unauthorized = 0;
  /** Access tokens handed out. */
  readonly issued = new Set<string>();
  /** While set, the purchases endpoints answer with this status. */
  failWith: number | undefined;
  #consumeWaiters: { token: string; resolve: () => void }[] = [];
  readonly #privateKey: string;
  readonly #publicKey: string;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #url = '';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#privateKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    this.#publicKey = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.#server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  /** Listen; resolves with the server's root URL (`http://127.0.0.1:PORT/`). */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    this.#url = `http://127.0.0.1:${port}/`;
    return this.#url;
  }

  get apiUrl(): string {
    return this.#url;
  }

  get tokenUrl(): string {
    return `${this.#url}token`;
  }

  /** Write the service account's JSON key file into `dir`; returns its path. */
  writeKeyFile(dir: string): string {
    const file = path.join(dir, 'service-account.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'service_account',
        project_id: 'lifetick-test',
        private_key_id: 'test-key',
        private_key: this.#privateKey,
        client_email: this.clientEmail,
        token_uri: this.tokenUrl,
      }),
    );
    return file;
  }

  /** A purchase the player made: returns its purchase token. */
  buy(purchase: PlayPurchase): string {
    const token = `play-${randomBytes(24).toString('base64url')}`;
    this.purchases.set(token, purchase);
    return token;
  }

  /** Resolves once the purchase `token` has been consumed. */
  untilConsumed(token: string): Promise<void> {
    if (this.consumed.includes(token)) return Promise.resolve();
    return new Promise((resolve) => this.#consumeWaiters.push({ token, resolve }));
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const url = new URL(req.url ?? '/', this.#url);
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const error = (status: number, message: string) =>
      json(status, { error: { code: status, message, errors: [{ message }] } });

    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
        return error(400, 'unsupported grant type');
      try {
        const key = await importSPKI(this.#publicKey, 'RS256');
        const { payload } = await jwtVerify(form.get('assertion') ?? '', key, {
          issuer: this.clientEmail,
          audience: GOOGLE_TOKEN_AUDIENCE,
        });
        if (!String(payload.scope).includes('androidpublisher')) return error(400, 'scope missing');
      } catch (e) {
        return json(400, { error: 'invalid_grant', error_description: (e as Error).message });
      }
      const accessToken = `ya29.${randomBytes(16).toString('hex')}`;
      this.issued.add(accessToken);
      return json(200, { access_token: accessToken, expires_in: 3600, token_type: 'Bearer' });
    }

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.issued.has(bearer)) {
      this.unauthorized++;
      return error(401, 'Request is missing valid authentication credentials.');
    }
    // /androidpublisher/v3/applications/{pkg}/purchases/products/{product}/tokens/{token}[:consume]
    const match = url.pathname.startsWith(API_PREFIX)
      ? /^([^/]+)\/purchases\/products\/([^/]+)\/tokens\/([^/:]+)(:consume)?$/.exec(
          url.pathname.slice(API_PREFIX.length),
        )
      : null;
    if (!match) return error(404, 'not found');
    if (this.failWith !== undefined) return error(this.failWith, 'backend error');
    const [, pkg, productId, rawToken, consume] = match;
    const token = decodeURIComponent(rawToken!);
    const purchase = this.purchases.get(token);
    if (pkg !== this.packageName || !purchase || purchase.productId !== productId)
      return error(400, 'The purchase token does not match the product ID.');
    if (consume && req.method === 'POST') {
      purchase.consumptionState = 1;
      purchase.acknowledgementState = 1;
      this.consumed.push(token);
      for (const w of this.#consumeWaiters.filter((w) => w.token === token)) w.resolve();
      return res.writeHead(204).end();
    }
    if (req.method !== 'GET') return error(405, 'method not allowed');
    return json(200, {
      kind: 'androidpublisher#productPurchase',
      purchaseTimeMillis: String(Date.now()),
      consumptionState: 0,
      acknowledgementState: 0,
      purchaseType: 0,
      regionCode: 'US',
      ...purchase,
    });
  }
}
