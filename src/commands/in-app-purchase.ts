import type { CommandResult } from '../../protocol/commands.ts';
import { PRODUCT_BY_ID, type Product } from '../content/products.ts';
import { addToField } from '../sim/effects.ts';
import { GameError } from '../sim/game-error.ts';
import { FIELD_INDEX as F, HOT_FIELDS } from '../world/schema.ts';
import type { Receipt } from './context.ts';
import type { Args } from './handler.ts';
import type { PurchaseKind } from './purchase.ts';

/** Most diamonds a player holds (the column's u32 bound in world/schema.ts). */
const DIAMONDS_MAX = HOT_FIELDS[F.diamonds]!.max;
/** What a store transaction id may be: the column holding it takes 128 ASCII characters. */
const TRANSACTION_ID = /^[\x21-\x7e]{1,128}$/;
/** Most of one product a receipt may pay for (the App Store's own limit on a quantity is 10). */
const MAX_QUANTITY = 10;

/** A receipt its store has checked, for this product. */
interface Redeemable {
  readonly receipt: Receipt;
  readonly transactionId: string;
  readonly quantity: number;
}

/**
 * A diamond pack, paid with real money at a store: the receipt is verified
 * with its store first (outside the engine, not for a retry), then granted.
 * The grant is saved before it is made: the saved copy has the diamonds and
 * the ledger entry, and is committed with the store transaction (the
 * database's unique key refuses a transaction any other purchase redeemed,
 * CONFLICT); only then do the diamonds reach the player, so diamonds whose
 * payment is not yet known to be theirs are never spendable, and a failed
 * save grants nothing. A pack is bought for the account, so an ended life
 * may still buy one.
 */
export const IN_APP_PURCHASE: PurchaseKind<
  Args<'purchaseInAppItem'>,
  Product,
  CommandResult<'purchaseInAppItem'>,
  Redeemable
> = {
  ledger: 'inApp',
  item: (args) => args.productId,
  find: (args) => PRODUCT_BY_ID.get(args.productId),
  notFound: (args) => `no product ${args.productId}`,
  offered: (ctx) =>
    ctx.services.config.inAppPurchases === 'off' ? 'this server sells no diamond packs' : undefined,
  needsLife: false,

  async verify(ctx, product, { platform, productId, receipt: text }) {
    const receipt: Receipt = { platform, productId, receipt: text };
    const verified = await ctx.services.receipts.verify(receipt);
    if (verified.productId !== product.productId) {
      throw new GameError(
        'INVALID_ARGS',
        `the receipt is for ${verified.productId}, not ${product.productId}`,
      );
    }
    if (!TRANSACTION_ID.test(verified.transactionId)) {
      throw new GameError('INVALID_ARGS', 'the receipt has no usable transaction id');
    }
    const quantity = verified.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw new GameError('INVALID_ARGS', `the receipt pays for ${quantity} packs`);
    }
    return { receipt, transactionId: verified.transactionId, quantity };
  },

  apply({ c, slot, product, args, verified }) {
    const diamonds = product.diamonds * verified.quantity;
    // What the grant will leave: addToField clamps at the column's bound too.
    const balance = Math.min(DIAMONDS_MAX, c.diamonds[slot]! + diamonds);
    return {
      result: {
        purchaseId: args.purchaseId,
        productId: product.productId,
        transactionId: verified.transactionId,
        diamonds,
        balance,
      },
      paid: product.priceUsdCents * verified.quantity,
      store: {
        platform: verified.receipt.platform,
        transactionId: verified.transactionId,
        productId: product.productId,
      },
      grant: {
        fields: { diamonds: balance },
        make: (columns, s) => addToField(columns, s, F.diamonds, diamonds),
      },
    };
  },

  async delivered(ctx, { receipt }) {
    await ctx.services.receipts.delivered?.(receipt);
  },
};
