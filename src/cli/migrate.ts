/**
 * `lifetick migrate`: apply the database migrations and exit (the server
 * also applies them at start; this is for running them ahead of a deploy).
 */
import { ConfigError, loadConfig } from '../config.ts';
import { openRepository } from '../persistence/open-repository.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2));
  const repo = openRepository(config.databaseUrl, config.dataDir);
  try {
    const version = await repo.migrate();
    console.log(`${repo.kind} database at schema version ${version}`);
  } finally {
    await repo.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError ? error.message : `migrate: ${(error as Error).message}`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
