import { GameError } from '../sim/game-error.ts';
import type { Receipt, ReceiptVerifier, VerifiedReceipt } from './context.ts';

/**
 * The development receipt verifier: it accepts receipts of the form
 * `dev:<productId>:<transactionId>` with platform `dev`, and refuses
 * everything else, so a client can exercise the whole purchase flow without
 * a store account. Only a development server takes them
 * (receipt-router.ts); production checks receipts with the stores.
 */
export class DevelopmentReceiptVerifier implements ReceiptVerifier {
  async verify(receipt: Receipt): Promise<VerifiedReceipt> {
    const match = /^dev:([a-z0-9_.-]{1,64}):([A-Za-z0-9_-]{1,128})$/.exec(receipt.receipt);
    if (receipt.platform !== 'dev' || !match) {
      throw new GameError(
        'INVALID_ARGS',
        'receipt refused: the development verifier takes dev:<productId>:<transactionId>',
      );
    }
    if (match[1] !== receipt.productId) {
      throw new GameError('INVALID_ARGS', `receipt is for ${match[1]}, not ${receipt.productId}`);
    }
    return { productId: match[1]!, transactionId: match[2]! };
  }
}
