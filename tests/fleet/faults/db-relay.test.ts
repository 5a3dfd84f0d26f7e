import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/mysql.ts';
import { DbRelay, greetingConnectionId } from './db-relay.ts';

const db: TestDatabase | undefined = await createTestDatabase();

describe.skipIf(!db)('DbRelay: a cuttable link to MariaDB', () => {
  let relay: DbRelay;
  const viaRelay = () => {
    const url = new URL(db!.url);
    url.host = `127.0.0.1:${relay.port}`;
    return url.toString();
  };
  beforeAll(async () => {
    const target = new URL(db!.url);
    relay = await DbRelay.start({ host: target.hostname, port: Number(target.port || 3306) });
  });
  afterAll(async () => {
    await relay?.close();
    await db?.drop();
  });

  it('relays queries and learns each connection id from the greeting', async () => {
    const c = await mysql.createConnection({ uri: viaRelay() });
    const [rows] = await c.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
    expect(relay.connectionIds.has(Number(rows[0]!.id))).toBe(true);
    await c.end();
  });

  it('cut drops live connections and refuses new ones; restore lets them in again on the same port', async () => {
    const port = relay.port;
    const c = await mysql.createConnection({ uri: viaRelay() });
    const gone = new Promise<void>((resolve) => c.on('error', () => resolve()));
    await relay.cut();
    await gone;
    await expect(c.query('SELECT 1')).rejects.toThrow();
    await expect(mysql.createConnection({ uri: viaRelay(), connectTimeout: 2000 })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    await relay.restore();
    expect(relay.port).toBe(port);
    const again = await mysql.createConnection({ uri: viaRelay() });
    const [rows] = await again.query<RowDataPacket[]>('SELECT 1 AS one');
    expect(rows[0]!.one).toBe(1);
    await again.end();
  });
});

describe('greetingConnectionId', () => {
  it('reads the id after the server version of a protocol-10 greeting', () => {
    const version = Buffer.from('10.11.19-MariaDB\0');
    const payload = Buffer.concat([
      Buffer.from([10]),
      version,
      Buffer.from([0x39, 0x30, 0, 0]),
      Buffer.alloc(8),
    ]);
    const packet = Buffer.concat([Buffer.from([payload.length, 0, 0, 0]), payload]);
    expect(greetingConnectionId(packet)).toBe(12_345);
  });
  it('is undefined for anything else', () => {
    expect(greetingConnectionId(Buffer.from([5, 0, 0, 0, 0xff, 1, 2, 3, 4, 5]))).toBeUndefined();
    expect(greetingConnectionId(Buffer.alloc(3))).toBeUndefined();
  });
});
