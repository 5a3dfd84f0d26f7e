import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Config, ConfigError, ENV_NAMES } from '../config.ts';
import type { Logger } from '../ops/log.ts';
import { GameError } from '../sim/game-error.ts';
import { AppleReceiptVerifier } from './apple-receipts.ts';
import type { Receipt, ReceiptVerifier, VerifiedReceipt } from './context.ts';
import { GoogleReceiptVerifier, type ServiceAccountKey } from './google-receipts.ts';
import { DevelopmentReceiptVerifier } from './receipts.ts';

type Platform = Receipt['platform'];

/**
 * Each receipt to the verifier of its platform (`ios`: the App Store,
 * `android`: Google Play, `dev`: the development verifier). A platform
 * without one is refused with INVALID_ARGS: this server cannot check such a
 * receipt, so it is not valid here.
 */
export class ReceiptRouter implements ReceiptVerifier {
  readonly #verifiers: Partial<Record<Platform, ReceiptVerifier>>;

  constructor(verifiers: Partial<Record<Platform, ReceiptVerifier>>) {
    this.#verifiers = { ...verifiers };
  }

  /** The platforms whose receipts are taken. */
  get platforms(): Platform[] {
    return (Object.keys(this.#verifiers) as Platform[]).sort();
  }

  verify(receipt: Receipt): Promise<VerifiedReceipt> {
    const verifier = this.#verifiers[receipt.platform];
    if (!verifier) {
      return Promise.reject(
        new GameError('INVALID_ARGS', `this server takes no ${receipt.platform} receipts`),
      );
    }
    return verifier.verify(receipt);
  }

  async delivered(receipt: Receipt): Promise<void> {
    await this.#verifiers[receipt.platform]?.delivered?.(receipt);
  }
}

/**
 * The verifiers the configuration sets up: the App Store's and Google
 * Play's where their settings are given (loadConfig checked they are
 * complete), and the development one only in development: a production
 * server never takes `dev:` receipts. Reads the certificate and key files
 * now, so a bad one stops start-up with the setting's name.
 */
export function receiptVerifierFor(config: Config, logger?: Logger): ReceiptRouter {
  const verifiers: Partial<Record<Platform, ReceiptVerifier>> = {};
  if (config.inAppPurchases === 'off') return new ReceiptRouter(verifiers);
  if (config.env === 'development') verifiers.dev = new DevelopmentReceiptVerifier();
  if (config.appleRootCerts && config.appleBundleId) {
    verifiers.ios = new AppleReceiptVerifier({
      rootCertificates: config.appleRootCerts.split(',').map((file) => readRootCertificate(file)),
      bundleId: config.appleBundleId,
      ...(config.appleAppId !== undefined ? { appAppleId: config.appleAppId } : {}),
      environment: config.appleEnvironment,
      onlineChecks: config.appleOnlineChecks === 'on',
    });
  }
  if (config.googleServiceAccount && config.googlePackageName) {
    verifiers.android = new GoogleReceiptVerifier({
      packageName: config.googlePackageName,
      serviceAccount: readServiceAccount(config.googleServiceAccount),
      ...(config.googleApiUrl ? { apiUrl: config.googleApiUrl } : {}),
      ...(config.googleTokenUrl ? { tokenUrl: config.googleTokenUrl } : {}),
      ...(logger ? { logger } : {}),
    });
  }
  return new ReceiptRouter(verifiers);
}

/** One root certificate file, DER or PEM, checked to be a certificate. */
function readRootCertificate(file: string): Buffer {
  const name = ENV_NAMES.appleRootCerts;
  try {
    const bytes = readFileSync(file.trim());
    new X509Certificate(bytes);
    return bytes;
  } catch (error) {
    throw new ConfigError(
      `config: ${name}: ${file.trim()} is not a readable certificate (${(error as Error).message})`,
    );
  }
}

/** The service account's JSON key file. */
function readServiceAccount(file: string): ServiceAccountKey {
  const name = ENV_NAMES.googleServiceAccount;
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceAccountKey>;
  } catch (error) {
    throw new ConfigError(
      `config: ${name}: cannot read ${file} as a JSON key file (${(error as Error).message})`,
    );
  }
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new ConfigError(
      `config: ${name}: ${file} is not a service account key (client_email and private_key)`,
    );
  }
  return { client_email: key.client_email, private_key: key.private_key };
}
