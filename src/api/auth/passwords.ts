import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';

/** homer-app stores bcrypt hashes (Go's DefaultCost 10); the same cost keeps hashes interchangeable. */
const BCRYPT_COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) return false;
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

/** A random password for the first admin when none was configured: 18 URL-safe characters. */
export function randomPassword(): string {
  return randomBytes(14).toString('base64url').slice(0, 18);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password for a user that may not exist: an unknown user is compared against a real
 * bcrypt hash of a random password, so the answer takes as long as for a known user and timing
 * does not reveal which usernames exist.
 */
export function verifyPasswordOrDummy(password: string, hash: string | null | undefined): Promise<boolean> {
  if (hash) return verifyPassword(password, hash);
  dummyHash ??= hashPassword(randomPassword());
  return dummyHash.then((dummy) => verifyPassword(password, dummy)).then(() => false);
}

/** bcrypt reads only the first 72 bytes of a password; longer ones are refused, not cut. */
export const MAX_PASSWORD_BYTES = 72;

export function passwordTooLong(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES;
}
