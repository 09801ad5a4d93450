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
