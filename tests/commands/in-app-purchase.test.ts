import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/commands/context.ts';
import { runCommand } from '../../src/commands/handlers.ts';
import { recordInLedger } from '../../src/commands/ledger.ts';
import { DevelopmentReceiptVerifier } from '../../src/commands/receipts.ts';
import { ENERGY_REFILLS } from '../../src/content/energy-refills.ts';
import { Engine } from '../../src/engine/engine.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { LEDGER_LIMIT } from '../../src/world/cold.ts';
import { type TestCommandContext, testCommandContext } from '../helpers/command-context.ts';

/**
 * The diamond pack's own steps: the store is told of a delivery only once
 * the grant is saved, and a retry the ledger forgets while it waits is not
 * granted unchecked. The rest of its behaviour is in shop.test.ts.
 */

let engine: Engine;
beforeAll(() => {
  engine = new Engine({ capacity: 16, workers: 1, tickHz: 20 });
});
afterAll(async () => {
  await engine.close();
});

/** The development verifier, recording the receipts reported delivered. */
class RecordingVerifier extends DevelopmentReceiptVerifier {
  readonly deliveries: Receipt[] = [];
  async delivered(receipt: Receipt): Promise<void> {
    this.deliveries.push(receipt);
  }
}

let nextPlayer = 0;
function player(receipts: RecordingVerifier): { ctx: TestCommandContext; s: number } {
  const s = engine.slotOf(engine.spawn({ seed: 9, player: nextPlayer++, ageYears: 30 }));
  engine.world.columns.diamonds[s] = 0;
  return { ctx: testCommandContext(engine, s, { playerId: `i${nextPlayer}`, receipts }), s };
}

const pack = (tx: string, purchaseId: string) => ({
  productId: 'diamonds_100',
  platform: 'dev',
  receipt: `dev:diamonds_100:${tx}`,
  purchaseId,
});

async function codeOf(work: () => unknown): Promise<string | undefined> {
  return Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (e: unknown) => (e instanceof GameError ? e.code : String(e)),
    );
}

describe('purchaseInAppItem', () => {
  it('tells the store of a delivery once the grant is saved, and never for a retry or a failure', async () => {
    const receipts = new RecordingVerifier();
    const p = player(receipts);
    p.ctx.purchases.fail = true;
    expect(await codeOf(() => runCommand(p.ctx, 'purchaseInAppItem', pack('d-1', 'd1')))).toBe(
      'INTERNAL',
    );
    expect(receipts.deliveries).toEqual([]);
    p.ctx.purchases.fail = false;
    await runCommand(p.ctx, 'purchaseInAppItem', pack('d-1', 'd1'));
    expect(receipts.deliveries).toEqual([
      { platform: 'dev', productId: 'diamonds_100', receipt: 'dev:diamonds_100:d-1' },
    ]);
    await runCommand(p.ctx, 'purchaseInAppItem', pack('d-1', 'd1'));
    expect(receipts.deliveries).toHaveLength(1);
    expect(engine.world.columns.diamonds[p.s]).toBe(100);
  });

  it('refuses a retry whose ledger entry is forgotten while it waits its turn (INTERNAL), granting nothing', async () => {
    const p = player(new RecordingVerifier());
    await runCommand(p.ctx, 'purchaseInAppItem', pack('old-1', 'old'));
    // The pack is the oldest purchase the ledger keeps: the next one pushes it out.
    for (let k = 1; k < LEDGER_LIMIT; k++)
      recordInLedger(p.ctx.cold, {
        id: `filler-${k}`,
        kind: 'item',
        item: 'snack',
        price: 5,
        currency: 'money',
        at: k,
      });
    engine.world.columns.diamonds[p.s] = 100;
    const refill = runCommand(p.ctx, 'purchaseEnergyRefill', { tier: 'small', purchaseId: 'e1' });
    // Sent while the pack is still in the ledger: a retry, queued behind the refill.
    const retry = runCommand(p.ctx, 'purchaseInAppItem', pack('old-1', 'old'));
    await refill;
    expect(await codeOf(() => retry)).toBe('INTERNAL');
    expect(engine.world.columns.diamonds[p.s]).toBe(100 - ENERGY_REFILLS.small.diamonds);
    expect(p.ctx.cold.ledger.map((e) => e.id)).not.toContain('old');
  });
});
