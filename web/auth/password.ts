// Password hashing with scrypt (memory-hard, in node:crypto). N=2^15, r=8 uses 32 MiB
// per hash and ~60-100 ms on one core: slow for an attacker with a stolen database,
// acceptable at login. The parameters are stored with each hash so they can be raised
// later without invalidating existing passwords.
import { scrypt, randomBytes, timingSafeEqual, type ScryptOptions } from "node:crypto";

const DEFAULTS = { N: 2 ** 15, r: 8, p: 1, keyLen: 64 };

function scryptAsync(pw: string, salt: Buffer, keyLen: number, o: ScryptOptions): Promise<Buffer> {
  return new Promise((res, rej) => scrypt(pw, salt, keyLen, o, (err, key) => (err ? rej(err) : res(key))));
}

export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const salt = randomBytes(16);
  const { N, r, p, keyLen } = DEFAULTS;
  const key = await scryptAsync(password, salt, keyLen, { N, r, p, maxmem: 128 * N * r * 2 });
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64");
  const expected = Buffer.from(parts[5], "base64");
  const key = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: 128 * N * r * 2 });
  return timingSafeEqual(key, expected);
}

/** A hash nobody's password matches, verified against unknown emails so timing does not reveal which accounts exist. */
export const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + Buffer.alloc(64).toString("base64");
