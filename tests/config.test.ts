import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('config', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, []);
    expect(config).toMatchObject({ port: 8001, tickHz: 20, llm: 'template', host: '0.0.0.0' });
    expect(config.workers).toBeGreaterThanOrEqual(1);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.secret).toBeUndefined();
  });

  it('reads the model price once, into dollars per million tokens', () => {
    expect(loadConfig({}, []).llmPrice).toBeUndefined();
    expect(loadConfig({ LIFETICK_LLM_PRICE: '0.15,0.6' }, []).llmPrice).toEqual({
      inputPerMillion: 0.15,
      outputPerMillion: 0.6,
    });
    expect(loadConfig({}, ['--llm-price', '3,15']).llmPrice).toEqual({
      inputPerMillion: 3,
      outputPerMillion: 15,
    });
  });

  it('limits connections in all and per address, from the environment or flags', () => {
    expect(loadConfig({}, [])).toMatchObject({ maxConnections: 65_536, maxConnectionsPerIp: 64 });
    const config = loadConfig({ LIFETICK_MAX_CONNECTIONS: '1000' }, [
      '--max-connections-per-ip',
      '10',
    ]);
    expect(config).toMatchObject({ maxConnections: 1000, maxConnectionsPerIp: 10 });
  });

  it('reads the environment, and flags win over it', () => {
    const config = loadConfig(
      {
        LIFETICK_PORT: '9000',
        LIFETICK_TICK_HZ: '30',
        LIFETICK_LLM: 'openai',
        OPENAI_API_KEY: 'sk-test',
      },
      ['--port', '9100', '--workers', '3'],
    );
    expect(config).toMatchObject({ port: 9100, tickHz: 30, llm: 'openai', workers: 3 });
  });

  it.each([
    [{ LIFETICK_PORT: 'eighty' }, [], /LIFETICK_PORT \(--port\)/],
    [{ LIFETICK_PORT: '70000' }, [], /LIFETICK_PORT/],
    [{ LIFETICK_WORKERS: '0' }, [], /LIFETICK_WORKERS \(--workers\)/],
    [{ LIFETICK_LLM: 'gpt' }, [], /LIFETICK_LLM/],
    [{ LIFETICK_LLM: 'openai' }, [], /LIFETICK_LLM=openai needs OPENAI_API_KEY/],
    [{ OPENAI_BASE_URL: 'not a url' }, [], /OPENAI_BASE_URL/],
    [{ LIFETICK_LLM_PRICE: 'cheap' }, [], /LIFETICK_LLM_PRICE \(--llm-price\): use "input,output"/],
    [{ LIFETICK_SECRET: 'short' }, [], /LIFETICK_SECRET.*16 characters/],
    [{ LIFETICK_METRICS_PORT: 'nine' }, [], /LIFETICK_METRICS_PORT \(--metrics-port\)/],
    [
      { LIFETICK_PORT: '9000', LIFETICK_METRICS_PORT: '9000' },
      [],
      /LIFETICK_METRICS_PORT \(9000\) must differ from LIFETICK_PORT/,
    ],
    [
      { LIFETICK_CAPACITY: '100', LIFETICK_MAX_PLAYERS: '10' },
      [],
      /LIFETICK_CAPACITY \(100\) is larger than LIFETICK_MAX_PLAYERS/,
    ],
    [{}, ['--tick-hz', 'fast'], /LIFETICK_TICK_HZ \(--tick-hz\)/],
    [{ LIFETICK_MAX_CONNECTIONS: '0' }, [], /LIFETICK_MAX_CONNECTIONS \(--max-connections\)/],
    [
      {},
      ['--max-connections-per-ip', 'many'],
      /LIFETICK_MAX_CONNECTIONS_PER_IP \(--max-connections-per-ip\)/,
    ],
    [{}, ['--colour', 'blue'], /config: .*colour/],
    [
      { LIFETICK_ENV: 'production' },
      [],
      /production sells diamond packs only through a store: set LIFETICK_APPLE_ROOT_CERTS \(--apple-root-certs\), LIFETICK_APPLE_BUNDLE_ID \(--apple-bundle-id\), LIFETICK_APPLE_APP_ID \(--apple-app-id\) \(App Store\) or LIFETICK_GOOGLE_SERVICE_ACCOUNT \(--google-service-account\), LIFETICK_GOOGLE_PACKAGE_NAME \(--google-package-name\) \(Google Play\), or LIFETICK_IN_APP_PURCHASES=off/,
    ],
    [
      { LIFETICK_ENV: 'production', LIFETICK_APPLE_BUNDLE_ID: 'com.example.life' },
      [],
      /the App Store verifier needs LIFETICK_APPLE_ROOT_CERTS \(--apple-root-certs\), LIFETICK_APPLE_APP_ID \(--apple-app-id\)$/,
    ],
    [
      { LIFETICK_GOOGLE_PACKAGE_NAME: 'com.example.life' },
      [],
      /the Google Play verifier needs LIFETICK_GOOGLE_SERVICE_ACCOUNT \(--google-service-account\)$/,
    ],
    [{}, ['--google-api-url', 'http://127.0.0.1:1/'], /Google Play verifier needs/],
    [
      { LIFETICK_IN_APP_PURCHASES: 'maybe' },
      [],
      /LIFETICK_IN_APP_PURCHASES \(--in-app-purchases\)/,
    ],
    [{ LIFETICK_APPLE_ENVIRONMENT: 'xcode' }, [], /LIFETICK_APPLE_ENVIRONMENT/],
  ])('stops on %j %j with a message naming the setting', (env, argv, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv, argv as string[])).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv, argv as string[])).toThrow(message);
  });

  it('starts production with a store configured, or with in-app purchases off', () => {
    expect(() =>
      loadConfig({ LIFETICK_ENV: 'production', LIFETICK_IN_APP_PURCHASES: 'off' }, []),
    ).not.toThrow();
    const apple = loadConfig({ LIFETICK_ENV: 'production' }, [
      '--apple-root-certs',
      'a.cer,b.cer',
      '--apple-bundle-id',
      'com.example.life',
      '--apple-app-id',
      '1234',
    ]);
    expect(apple).toMatchObject({
      appleAppId: 1234,
      appleEnvironment: 'production',
      appleOnlineChecks: 'on',
      inAppPurchases: 'on',
    });
    // Apple's verifier takes no app id in the sandbox.
    expect(() =>
      loadConfig({
        LIFETICK_ENV: 'production',
        LIFETICK_APPLE_ROOT_CERTS: 'a.cer',
        LIFETICK_APPLE_BUNDLE_ID: 'com.example.life',
        LIFETICK_APPLE_ENVIRONMENT: 'sandbox',
      }),
    ).not.toThrow();
    expect(() =>
      loadConfig({
        LIFETICK_ENV: 'production',
        LIFETICK_GOOGLE_SERVICE_ACCOUNT: 'key.json',
        LIFETICK_GOOGLE_PACKAGE_NAME: 'com.example.life',
      }),
    ).not.toThrow();
    // Development sells through the development receipts without any store.
    expect(loadConfig({}, []).inAppPurchases).toBe('on');
  });

  it('fleet mode needs a shared MySQL database and a public URL, and says which is missing', () => {
    expect(() => loadConfig({ LIFETICK_FLEET: 'on' })).toThrow(
      /LIFETICK_FLEET \(--fleet\)=on needs a shared MySQL database: set LIFETICK_DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ LIFETICK_FLEET: 'on', LIFETICK_DATABASE_URL: 'mysql://root@127.0.0.1/game' }),
    ).toThrow(/needs LIFETICK_PUBLIC_URL \(--public-url\)/);
    expect(() =>
      loadConfig({
        LIFETICK_FLEET: 'on',
        LIFETICK_DATABASE_URL: 'mysql://root@127.0.0.1/game',
        LIFETICK_PUBLIC_URL: 'http://a.example/ws',
      }),
    ).toThrow(/LIFETICK_PUBLIC_URL \(--public-url\): must be a ws:\/\/ or wss:\/\/ URL/);
    const fleet = loadConfig({
      LIFETICK_FLEET: 'on',
      LIFETICK_DATABASE_URL: 'mysql://root@127.0.0.1/game',
      LIFETICK_PUBLIC_URL: 'ws://10.0.0.5:8001/ws',
      LIFETICK_NODE_ID: 'game-1',
    });
    expect(fleet).toMatchObject({ fleet: 'on', leaseTtlMs: 6000, nodeId: 'game-1' });
    expect(() => loadConfig({ LIFETICK_NODE_ID: 'a b' })).toThrow(/LIFETICK_NODE_ID/);
    // Off by default: one process, SQLite or MySQL alike.
    expect(loadConfig({}).fleet).toBe('off');
  });
});
