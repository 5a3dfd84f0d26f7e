import { webcrypto } from 'node:crypto';
// @peculiar/x509 builds on tsyringe, which needs the Reflect metadata API at load time.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { CompactSign } from 'jose';

/**
 * A stand-in for Apple's App Store signing: a root CA, an intermediate and
 * a leaf certificate made the way Apple's are (ES256; the intermediate
 * marked with Apple's WWDR OID 1.2.840.113635.100.6.2.1, the leaf with the
 * App Store receipt signing OID 1.2.840.113635.100.6.11.1, both of which
 * SignedDataVerifier requires), and StoreKit 2 signed transactions: a JWS
 * signed by the leaf key, its header's x5c carrying leaf, intermediate and
 * root. The server is given this chain's root as "Apple's root".
 */

x509.cryptoProvider.set(webcrypto as Crypto);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** Apple's marker extensions carry an ASN.1 NULL. */
const ASN1_NULL = new Uint8Array([0x05, 0x00]);
const WWDR_INTERMEDIATE_OID = '1.2.840.113635.100.6.2.1';
const RECEIPT_SIGNING_OID = '1.2.840.113635.100.6.11.1';
const DAY_MS = 86_400_000;

export interface AppleChain {
  /** The root certificate, DER: what LIFETICK_APPLE_ROOT_CERTS names. */
  readonly rootDer: Buffer;
  /** The root certificate, PEM. */
  readonly rootPem: string;
  /** Sign a transaction; fields given replace the defaults. */
  sign(fields: Partial<AppleTransaction>, options?: { tamper?: boolean }): Promise<string>;
}

/** The fields of a JWSTransactionDecodedPayload the tests set. */
export interface AppleTransaction {
  transactionId: string;
  originalTransactionId: string;
  bundleId: string;
  productId: string;
  purchaseDate: number;
  signedDate: number;
  quantity: number;
  type: string;
  inAppOwnershipType: string;
  environment: string;
  revocationDate?: number;
}

export interface ChainOptions {
  /** When the certificates are valid (default: from a day ago for a year). */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Leave Apple's OID off the intermediate (a chain Apple would never issue). */
  readonly plainIntermediate?: boolean;
}

async function keys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/** A fresh chain. Its signed transactions default to Sandbox, bundle com.example.life. */
export async function appleChain(options: ChainOptions = {}): Promise<AppleChain> {
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  const [rootKeys, intermediateKeys, leafKeys] = await Promise.all([keys(), keys(), keys()]);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Test Apple Root CA - G3, O=Test Apple, C=US',
    keys: rootKeys,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const intermediate = await x509.X509CertificateGenerator.create({
    subject: 'CN=Test Apple Worldwide Developer Relations CA - G6, O=Test Apple, C=US',
    issuer: root.subject,
    publicKey: intermediateKeys.publicKey,
    signingKey: rootKeys.privateKey,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      ...(options.plainIntermediate
        ? []
        : [new x509.Extension(WWDR_INTERMEDIATE_OID, false, ASN1_NULL)]),
    ],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    subject: 'CN=Test Prod ECC Mac App Store and iTunes Store Receipt Signing, O=Test Apple, C=US',
    issuer: intermediate.subject,
    publicKey: leafKeys.publicKey,
    signingKey: intermediateKeys.privateKey,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.Extension(RECEIPT_SIGNING_OID, false, ASN1_NULL),
    ],
  });
  const x5c = [leaf, intermediate, root].map((cert) =>
    Buffer.from(cert.rawData).toString('base64'),
  );
  return {
    rootDer: Buffer.from(root.rawData),
    rootPem: root.toString('pem'),
    async sign(fields, signOptions = {}) {
      const now = Date.now();
      const transaction: AppleTransaction = {
        transactionId: '2000000123456789',
        originalTransactionId: '2000000123456789',
        bundleId: 'com.example.life',
        productId: 'diamonds_100',
        purchaseDate: now,
        signedDate: now,
        quantity: 1,
        type: 'Consumable',
        inAppOwnershipType: 'PURCHASED',
        environment: 'Sandbox',
        ...fields,
      };
      const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(transaction)))
        .setProtectedHeader({ alg: 'ES256', x5c })
        .sign(leafKeys.privateKey);
      if (!signOptions.tamper) return jws;
      // The same header and signature over a payload that says something else.
      const [header, , signature] = jws.split('.');
      const forged = Buffer.from(
        JSON.stringify({ ...transaction, productId: 'diamonds_1200', quantity: 10 }),
      ).toString('base64url');
      return `${header}.${forged}.${signature}`;
    },
  };
}
