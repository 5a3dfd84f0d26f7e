import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/commands/context.ts';
import { GoogleReceiptVerifier } from '../../src/commands/google-receipts.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { FakeGooglePlay } from '../helpers/fake-google-play.ts';

/**
 * The Google Play verifier: the real @googleapis/androidpublisher client,
 * authorised as a service account, against a local stand-in for Google's
 * token and purchases endpoints (tests/helpers/fake-google-play.ts).
 */

const play = new FakeGooglePlay();
let dir = '';
let verifier: GoogleReceiptVerifier;
beforeAll(async () => {
  await play.start();
  dir = mkdtempSync(path.join(tmpdir(), 'lifetick-play-'));
  const key = JSON.parse(readFileSync(play.writeKeyFile(dir), 'utf8')) as {
    client_email: string;
    private_key: string;
  };
  verifier = new GoogleReceiptVerifier({
    packageName: play.packageName,
    serviceAccount: key,
    apiUrl: play.apiUrl,
    tokenUrl: play.tokenUrl,
  });
});
afterAll(async () => {
  await play.stop();
  rmSync(dir, { recursive: true, force: true });
});

const android = (token: string, productId = 'diamonds_100'): Receipt => ({
  platform: 'android',
  productId,
  receipt: token,
});

async function refusal(receipt: Receipt): Promise<GameError> {
  const error = await verifier.verify(receipt).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GameError);
  return error as GameError;
}

describe('Google Play receipts', () => {
  it('accept a purchased token, known by its order id, with a token the service account got', async () => {
    const token = play.buy({
      productId: 'diamonds_100',
      purchaseState: 0,
      orderId: 'GPA.1234-5678-9012-34567',
    });
    expect(await verifier.verify(android(token))).toEqual({
      productId: 'diamonds_100',
      transactionId: 'GPA.1234-5678-9012-34567',
      quantity: 1,
    });
    const two = play.buy({
      productId: 'diamonds_550',
      purchaseState: 0,
      orderId: 'GPA.2',
      quantity: 2,
    });
    expect(await verifier.verify(android(two, 'diamonds_550'))).toMatchObject({ quantity: 2 });
    // Every purchases call carried an access token from the token endpoint, got once.
    expect(play.issued.size).toBe(1);
    expect(play.unauthorized).toBe(0);
  });

  it('know a purchase without an order id by a hash of its token', async () => {
    const token = play.buy({ productId: 'diamonds_100', purchaseState: 0 });
    const { transactionId } = await verifier.verify(android(token));
    expect(transactionId).toMatch(/^token:[A-Za-z0-9_-]{43}$/);
    expect((await verifier.verify(android(token))).transactionId).toBe(transactionId);
  });

  it('refuse a canceled or pending purchase, an unknown token, another product', async () => {
    const canceled = play.buy({ productId: 'diamonds_100', purchaseState: 1, orderId: 'GPA.c' });
    expect((await refusal(android(canceled))).message).toMatch(/canceled/);
    const pending = play.buy({ productId: 'diamonds_100', purchaseState: 2, orderId: 'GPA.p' });
    expect((await refusal(android(pending))).message).toMatch(/pending/);
    expect((await refusal(android('no-such-token'))).code).toBe('INVALID_ARGS');
    const bought = play.buy({ productId: 'diamonds_100', purchaseState: 0, orderId: 'GPA.x' });
    expect((await refusal(android(bought, 'diamonds_1200'))).code).toBe('INVALID_ARGS');
  });

  it('answer INTERNAL (try again) when Google Play fails, not that the receipt is bad', async () => {
    const token = play.buy({ productId: 'diamonds_100', purchaseState: 0, orderId: 'GPA.down' });
    play.failWith = 503;
    try {
      expect((await refusal(android(token))).code).toBe('INTERNAL');
    } finally {
      play.failWith = undefined;
    }
    expect(await verifier.verify(android(token))).toMatchObject({ transactionId: 'GPA.down' });
  });

  it('consume the purchase once delivered, so it is acknowledged and can be bought again', async () => {
    const token = play.buy({ productId: 'diamonds_100', purchaseState: 0, orderId: 'GPA.eat' });
    await verifier.delivered(android(token));
    expect(play.consumed).toContain(token);
    expect(play.purchases.get(token)).toMatchObject({
      consumptionState: 1,
      acknowledgementState: 1,
    });
  });

  it('get no access token with a key the service account does not have', async () => {
    const impostor = new GoogleReceiptVerifier({
      packageName: play.packageName,
      serviceAccount: {
        client_email: play.clientEmail,
        private_key: (await import('node:crypto'))
          .generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
      apiUrl: play.apiUrl,
      tokenUrl: play.tokenUrl,
    });
    const token = play.buy({ productId: 'diamonds_100', purchaseState: 0, orderId: 'GPA.imp' });
    const error = await impostor.verify(android(token)).then(
      () => undefined,
      (e: unknown) => e as GameError,
    );
    expect(error?.code).toBe('INTERNAL');
  });
});
