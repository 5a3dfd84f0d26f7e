import {
  Environment,
  type JWSTransactionDecodedPayload,
  SignedDataVerifier,
  VerificationException,
  VerificationStatus,
} from '@apple/app-store-server-library';
import { GameError } from '../sim/game-error.ts';
import type { Receipt, ReceiptVerifier, VerifiedReceipt } from './context.ts';

/** How the App Store verifier is set up (config: LIFETICK_APPLE_*). */
export interface AppleReceiptOptions {
  /** Apple's root certificates (DER or PEM), which every transaction's chain must end in. */
  readonly rootCertificates: readonly Buffer[];
  readonly bundleId: string;
  /** The app's Apple id; Apple's verifier requires it in production. */
  readonly appAppleId?: number;
  readonly environment: 'production' | 'sandbox';
  /**
   * Check the chain's certificates for revocation (OCSP, online) and
   * against the current time; off, the chain is checked as of the
   * transaction's signing date, offline.
   */
  readonly onlineChecks: boolean;
}

/**
 * App Store receipts: StoreKit 2 signed transactions (the JWS of
 * `Transaction.jwsRepresentation`, which the client sends as the receipt),
 * checked with Apple's own library: the x5c certificate chain up to the
 * configured Apple root, the signature, the bundle id and the environment.
 * On top of that the transaction must be for the product bought and not
 * revoked (refunded). Its `transactionId` is what is redeemable once.
 */
export class AppleReceiptVerifier implements ReceiptVerifier {
  readonly #verifier: SignedDataVerifier;

  constructor(options: AppleReceiptOptions) {
    this.#verifier = new SignedDataVerifier(
      [...options.rootCertificates],
      options.onlineChecks,
      options.environment === 'production' ? Environment.PRODUCTION : Environment.SANDBOX,
      options.bundleId,
      options.appAppleId,
    );
  }

  async verify(receipt: Receipt): Promise<VerifiedReceipt> {
    let tx: JWSTransactionDecodedPayload;
    try {
      tx = await this.#verifier.verifyAndDecodeTransaction(receipt.receipt);
    } catch (error) {
      throw refusal(error);
    }
    if (tx.productId !== receipt.productId) {
      throw new GameError(
        'INVALID_ARGS',
        `the App Store transaction is for ${tx.productId}, not ${receipt.productId}`,
      );
    }
    if (tx.revocationDate !== undefined) {
      throw new GameError('INVALID_ARGS', 'the App Store transaction was refunded or revoked');
    }
    if (!tx.transactionId) {
      throw new GameError('INVALID_ARGS', 'the App Store transaction has no transaction id');
    }
    return { productId: tx.productId, transactionId: tx.transactionId, quantity: tx.quantity ?? 1 };
  }
}

/** Why Apple's library refused, as the error the client gets. */
function refusal(error: unknown): GameError {
  if (!(error instanceof VerificationException)) {
    return new GameError('INVALID_ARGS', 'the App Store transaction could not be read');
  }
  // The revocation check could not reach Apple: the receipt may be fine.
  if (error.status === VerificationStatus.RETRYABLE_VERIFICATION_FAILURE) {
    return new GameError('INTERNAL', 'the App Store could not be reached; try again');
  }
  const why: Partial<Record<VerificationStatus, string>> = {
    [VerificationStatus.INVALID_APP_IDENTIFIER]: 'it is for another app',
    [VerificationStatus.INVALID_ENVIRONMENT]: 'it is from another App Store environment',
    [VerificationStatus.INVALID_CHAIN_LENGTH]: 'its certificate chain is incomplete',
    [VerificationStatus.INVALID_CERTIFICATE]: 'its certificates are invalid or expired',
  };
  return new GameError(
    'INVALID_ARGS',
    `the App Store transaction was refused: ${why[error.status] ?? 'it is not signed by Apple'}`,
  );
}
