import { createHash } from 'node:crypto';
import { androidpublisher, type androidpublisher_v3, auth } from '@googleapis/androidpublisher';
import type { Logger } from '../ops/log.ts';
import { GameError } from '../sim/game-error.ts';
import type { Receipt, ReceiptVerifier, VerifiedReceipt } from './context.ts';

/** The OAuth scope of the Android Publisher API. */
const SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
/** Where Google's auth library asks for access tokens (gtoken's fixed URL). */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** One call to Google Play, at most (the player waits for it). */
const CALL_TIMEOUT_MS = 10_000;
/** ProductPurchase.purchaseState: 0 purchased, 1 canceled, 2 pending. */
const PurchaseState = { purchased: 0, canceled: 1, pending: 2 } as const;
/** HTTP statuses with which Google Play says the purchase token is not one it knows for the product. */
const UNKNOWN_PURCHASE = new Set([400, 404, 410]);

/** A service account's JSON key file, the fields used. */
export interface ServiceAccountKey {
  readonly client_email: string;
  readonly private_key: string;
}

/** How the Google Play verifier is set up (config: LIFETICK_GOOGLE_*). */
export interface GoogleReceiptOptions {
  readonly packageName: string;
  readonly serviceAccount: ServiceAccountKey;
  /** The Android Publisher API root (Google's when absent): tests point it at a local server. */
  readonly apiUrl?: string;
  /** The OAuth token endpoint (Google's when absent): tests point it at a local server. */
  readonly tokenUrl?: string;
  /** Where a failed acknowledgement is reported. */
  readonly logger?: Logger;
}

/**
 * Google Play receipts: the client sends the purchase token, checked with
 * `purchases.products.get` of the Android Publisher API (the
 * `@googleapis/androidpublisher` client, authorised as the service
 * account). The purchase must be in the purchased state; its `orderId` is
 * the transaction id redeemable once (a purchase without one, as license
 * testers' may be, is known by a hash of its token instead). Once the
 * grant is saved the purchase is consumed, which acknowledges it (Google
 * refunds one not acknowledged within three days) and lets the player buy
 * the pack again.
 */
export class GoogleReceiptVerifier implements ReceiptVerifier {
  readonly #api: androidpublisher_v3.Androidpublisher;
  readonly #packageName: string;
  readonly #logger: Logger | undefined;

  constructor(options: GoogleReceiptOptions) {
    this.#packageName = options.packageName;
    this.#logger = options.logger;
    const client = new auth.JWT({
      email: options.serviceAccount.client_email,
      key: options.serviceAccount.private_key,
      scopes: [SCOPE],
    });
    if (options.tokenUrl) {
      // The auth library has Google's token URL built in; its own HTTP
      // client's request hook sends that request to the configured one.
      const tokenUrl = new URL(options.tokenUrl);
      client.transporter.interceptors.request.add({
        resolved: async (request) => {
          if (request.url.href === GOOGLE_TOKEN_URL) request.url = new URL(tokenUrl);
          return request;
        },
      });
    }
    this.#api = androidpublisher({
      version: 'v3',
      auth: client,
      timeout: CALL_TIMEOUT_MS,
      // A failed check is the player's to retry (same purchaseId), not ours
      // to repeat while they wait.
      retry: false,
      ...(options.apiUrl ? { rootUrl: options.apiUrl } : {}),
    });
  }

  async verify(receipt: Receipt): Promise<VerifiedReceipt> {
    let purchase: androidpublisher_v3.Schema$ProductPurchase;
    try {
      const response = await this.#api.purchases.products.get({
        packageName: this.#packageName,
        productId: receipt.productId,
        token: receipt.receipt,
      });
      purchase = response.data;
    } catch (error) {
      if (UNKNOWN_PURCHASE.has(purchaseStatusOf(error) ?? 0)) {
        throw new GameError(
          'INVALID_ARGS',
          `Google Play knows no purchase of ${receipt.productId} with this token`,
        );
      }
      this.#logger?.warn({ err: error }, 'Google Play purchase check failed');
      throw new GameError('INTERNAL', 'Google Play could not be reached; try again');
    }
    if (purchase.purchaseState !== PurchaseState.purchased) {
      throw new GameError(
        'INVALID_ARGS',
        purchase.purchaseState === PurchaseState.pending
          ? 'the Google Play payment is still pending'
          : 'the Google Play purchase was canceled',
      );
    }
    const transactionId =
      purchase.orderId ||
      `token:${createHash('sha256').update(receipt.receipt).digest('base64url')}`;
    return { productId: receipt.productId, transactionId, quantity: purchase.quantity ?? 1 };
  }

  async delivered(receipt: Receipt): Promise<void> {
    try {
      await this.#api.purchases.products.consume({
        packageName: this.#packageName,
        productId: receipt.productId,
        token: receipt.receipt,
      });
    } catch (error) {
      this.#logger?.warn(
        { err: error, productId: receipt.productId },
        'Google Play purchase granted but not consumed: Google refunds it after three days unless it is',
      );
    }
  }
}

/**
 * The HTTP status with which the purchases endpoint answered, if it did:
 * an error of the token request (a service account Google refuses) is the
 * server's problem, never a verdict on the player's receipt.
 */
function purchaseStatusOf(error: unknown): number | undefined {
  const e = error as {
    status?: unknown;
    config?: { url?: unknown };
    response?: { status?: unknown };
  };
  if (!String(e.config?.url ?? '').includes('/purchases/products/')) return undefined;
  const status = e.response?.status ?? e.status;
  return typeof status === 'number' ? status : undefined;
}
