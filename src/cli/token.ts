/**
 * `npm run token -- <playerId> [--ttl 1h]`: print a player token signed with
 * the server's secret (LIFETICK_SECRET, or the one kept in the data dir).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { AuthError, mintPlayerToken, parseTtl, secretKey } from '../server/auth.ts';
import { loadSecret, SecretFileError } from '../server/secret.ts';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ttl: { type: 'string', default: '1h' }, 'data-dir': { type: 'string' } },
  });
  const playerId = positionals[0];
  if (!playerId)
    throw new AuthError('usage: npm run token -- <playerId> [--ttl 1h] [--data-dir DIR]');
  const config = loadConfig(
    process.env,
    values['data-dir'] ? ['--data-dir', values['data-dir']] : [],
  );
  const key = secretKey(loadSecret(config.dataDir, config.secret));
  console.log(await mintPlayerToken(playerId, key, parseTtl(values.ttl)));
}

main().catch((error: unknown) => {
  if (
    error instanceof AuthError ||
    error instanceof ConfigError ||
    error instanceof SecretFileError ||
    error instanceof TypeError
  ) {
    console.error(`token: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
