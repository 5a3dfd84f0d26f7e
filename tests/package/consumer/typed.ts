// A game's TypeScript, type-checked by tests/package/client-package.test.ts
// against the packed .d.ts alone (no Node types, the DOM library): command
// names, arguments and results are typed from the package.
import {
  type ClientOptions,
  type CommandResult,
  connect,
  type StateSnapshot,
  type WelcomeFrame,
} from 'lifetick-client';

export async function play(url: string, token: string, options: ClientOptions): Promise<string> {
  const client = await connect(url, token, options);
  client.on('welcome', (welcome: WelcomeFrame) => console.log(welcome.tickHz));
  const speed: CommandResult<'setSpeed'> = await client.command('setSpeed', { level: 2 });
  // @ts-expect-error: setSpeed takes a level from 0 to 5, not a speed
  await client.command('setSpeed', { speed: 2 });
  // @ts-expect-error: no such command
  await client.command('fly', {});
  const state: StateSnapshot = await client.command('getState', {});
  client.close();
  return `${state.playerId} at speed ${speed.speed}`;
}
