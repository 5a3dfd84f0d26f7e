import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

const ADMIN_URL = process.env.LIFETICK_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * A uniquely named database on the local MariaDB, dropped by `drop()`.
 * Returns undefined when no server answers, unless CI=true: there the MySQL
 * tests are mandatory and a missing server fails the run.
 */
export async function createTestDatabase(): Promise<TestDatabase | undefined> {
  const name = `lifetick_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  try {
    admin = await mysql.createConnection({ uri: ADMIN_URL, connectTimeout: 3000 });
  } catch (error) {
    if (process.env.CI === 'true')
      throw new Error(`CI needs MySQL at ${ADMIN_URL}: ${(error as Error).message}`);
    console.warn(`SKIPPING MySQL tests: no server at ${ADMIN_URL} (${(error as Error).message})`);
    return undefined;
  }
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  return {
    url: `${ADMIN_URL}/${name}`,
    name,
    async drop() {
      const c = await mysql.createConnection({ uri: ADMIN_URL });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
