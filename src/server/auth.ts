import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose';

/** A player id: 1-64 of [A-Za-z0-9_-] (protocol/PROTOCOL.md). */
export const PLAYER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class AuthError extends Error {
  override readonly name = 'AuthError';
}

/**
 * The claim that marks a token minted by a development tool (the
 * playground): `"dev": true`. A production server refuses any token that
 * carries it, so a token minted on a development server, where anyone who
 * can reach it may mint one for any player, never opens an account on a
 * production server that shares its secret.
 */
export const DEV_CLAIM = 'dev';

export interface VerifyOptions {
  /** Accept tokens marked with DEV_CLAIM (a development server); refused by default. */
  readonly acceptDevTokens?: boolean;
  /** The wall clock `exp` is checked against, in ms (default Date.now; the server's clock). */
  readonly now?: () => number;
}

export interface MintOptions {
  /** Mark the token as minted by a development tool (DEV_CLAIM). */
  readonly dev?: boolean;
  /** The wall clock `iat` and `exp` count from, in ms (default Date.now; the server's clock). */
  readonly now?: () => number;
}

/** The HS256 key for a secret string. */
export function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * Check a player token: HS256 only (the algorithm is pinned, so a token that
 * names another one, `none` included, is refused), signed with the server's
 * secret, with an `exp` in the future and a well-formed `sub`, and without
 * the development claim unless `acceptDevTokens`. Returns the player id.
 */
export async function verifyPlayerToken(
  token: string,
  key: Uint8Array,
  options: VerifyOptions = {},
): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
      ...(options.now ? { currentDate: new Date(options.now()) } : {}),
    });
    if (typeof payload.sub !== 'string' || !PLAYER_ID.test(payload.sub)) {
      throw new AuthError('token subject is not a valid player id');
    }
    // Any value of the claim counts: only its absence makes a production token.
    if (Object.hasOwn(payload, DEV_CLAIM) && options.acceptDevTokens !== true) {
      throw new AuthError('a development token is refused by a production server');
    }
    return payload.sub;
  } catch (error) {
    if (error instanceof AuthError) throw error;
    if (error instanceof errors.JWTExpired) throw new AuthError('token expired');
    if (error instanceof errors.JWTClaimValidationFailed)
      throw new AuthError(`token claim ${error.claim}: ${error.reason}`);
    if (error instanceof errors.JOSEError) throw new AuthError(`token refused: ${error.code}`);
    throw new AuthError('token refused');
  }
}

/**
 * When a token that verifyPlayerToken accepted expires, in milliseconds since
 * the epoch (its `exp`, which verification requires). Only for such tokens:
 * it reads the claims without checking the signature again.
 */
export function tokenExpiresAt(token: string): number {
  const { exp } = decodeJwt(token);
  if (typeof exp !== 'number') throw new AuthError('token has no exp');
  return exp * 1000;
}

/** Mint a player token (the `token` CLI, the playground with `dev`; tests). */
export async function mintPlayerToken(
  playerId: string,
  key: Uint8Array,
  ttlSeconds: number,
  options: MintOptions = {},
): Promise<string> {
  if (!PLAYER_ID.test(playerId)) throw new AuthError('player id must be 1-64 of [A-Za-z0-9_-]');
  if (!(ttlSeconds > 0)) throw new AuthError('ttl must be positive');
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  return new SignJWT(options.dev ? { [DEV_CLAIM]: true } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(playerId)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.ceil(ttlSeconds))
    .sign(key);
}

/** Parse a ttl such as `90s`, `15m`, `1h`, `7d` (or a bare number of seconds). */
export function parseTtl(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!match) throw new AuthError(`ttl ${text}: use a number with s, m, h or d`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
