import { beforeAll, describe, expect, it } from 'vitest';
import { AppleReceiptVerifier } from '../../src/commands/apple-receipts.ts';
import type { Receipt } from '../../src/commands/context.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { type AppleChain, appleChain } from '../helpers/apple-chain.ts';

/**
 * The App Store verifier against a certificate chain the test makes
 * (tests/helpers/apple-chain.ts), through Apple's own SignedDataVerifier:
 * offline (no OCSP), so the chain is checked as of the transaction's
 * signing date.
 */

let chain: AppleChain;
let stranger: AppleChain;
beforeAll(async () => {
  [chain, stranger] = await Promise.all([appleChain(), appleChain()]);
});

function verifier(
  root: Buffer | string = chain.rootDer,
  environment: 'sandbox' | 'production' = 'sandbox',
): AppleReceiptVerifier {
  return new AppleReceiptVerifier({
    rootCertificates: [Buffer.from(root)],
    bundleId: 'com.example.life',
    ...(environment === 'production' ? { appAppleId: 1_234_567_890 } : {}),
    environment,
    onlineChecks: false,
  });
}

const ios = (receipt: string, productId = 'diamonds_100'): Receipt => ({
  platform: 'ios',
  productId,
  receipt,
});

async function refusal(v: AppleReceiptVerifier, receipt: Receipt): Promise<GameError> {
  const error = await v.verify(receipt).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GameError);
  return error as GameError;
}

describe('App Store receipts', () => {
  it('accept a transaction signed through the chain, for the app and product bought', async () => {
    const jws = await chain.sign({ transactionId: '2000000000000042', quantity: 2 });
    expect(await verifier().verify(ios(jws))).toEqual({
      productId: 'diamonds_100',
      transactionId: '2000000000000042',
      quantity: 2,
    });
    // The root may be given as PEM as well as DER.
    expect(await verifier(chain.rootPem).verify(ios(jws))).toMatchObject({
      transactionId: '2000000000000042',
    });
  });

  it('accept production transactions in production (with the app id)', async () => {
    const jws = await chain.sign({ environment: 'Production', transactionId: '1' });
    expect(await verifier(chain.rootDer, 'production').verify(ios(jws))).toMatchObject({
      transactionId: '1',
    });
    const sandbox = await chain.sign({ transactionId: '2' });
    const error = await refusal(verifier(chain.rootDer, 'production'), ios(sandbox));
    expect(error.code).toBe('INVALID_ARGS');
    expect(error.message).toMatch(/another App Store environment/);
  });

  it('refuse a transaction of another app, or of another product', async () => {
    const other = await refusal(verifier(), ios(await chain.sign({ bundleId: 'com.evil.app' })));
    expect(other).toMatchObject({ code: 'INVALID_ARGS' });
    expect(other.message).toMatch(/another app/);
    const product = await refusal(verifier(), ios(await chain.sign({}), 'diamonds_1200'));
    expect(product.message).toMatch(/is for diamonds_100, not diamonds_1200/);
  });

  it('refuse a chain that does not end in the configured root', async () => {
    const error = await refusal(verifier(), ios(await stranger.sign({})));
    expect(error.code).toBe('INVALID_ARGS');
    expect(error.message).toMatch(/not signed by Apple/);
  });

  it('refuse a payload changed after signing', async () => {
    const error = await refusal(
      verifier(),
      ios(await chain.sign({}, { tamper: true }), 'diamonds_1200'),
    );
    expect(error.code).toBe('INVALID_ARGS');
    expect(error.message).toMatch(/not signed by Apple/);
  });

  it('refuse a chain that had expired when the transaction was signed', async () => {
    const old = await appleChain({
      notBefore: new Date(Date.UTC(2020, 0, 1)),
      notAfter: new Date(Date.UTC(2020, 1, 1)),
    });
    const error = await refusal(verifier(old.rootDer), ios(await old.sign({})));
    expect(error.message).toMatch(/invalid or expired/);
  });

  it('refuse an intermediate without Apple’s mark, a refunded transaction, and junk', async () => {
    const plain = await appleChain({ plainIntermediate: true });
    expect((await refusal(verifier(plain.rootDer), ios(await plain.sign({})))).code).toBe(
      'INVALID_ARGS',
    );
    const refunded = await refusal(
      verifier(),
      ios(await chain.sign({ revocationDate: Date.now() })),
    );
    expect(refunded.message).toMatch(/refunded or revoked/);
    for (const junk of ['dev:diamonds_100:tx-1', 'a.b.c', 'x'.repeat(5000)])
      expect((await refusal(verifier(), ios(junk))).code).toBe('INVALID_ARGS');
  });
});
