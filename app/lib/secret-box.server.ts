import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

// Secrets at rest (CRM tokens, API keys): AES-256-GCM with a random 96-bit nonce per seal. The sealed
// form names its key by a short fingerprint, so after a rotation a secret sealed under the previous
// key still opens (and can be resealed), and a wrong key fails loudly instead of yielding garbage.
// The associated data binds a secret to where it is stored (e.g. "crm:hubspot:shop"), so a sealed
// value copied into another shop's row does not open there.

const VERSION = "v1";

export type SecretKeys = { current: Buffer; previous?: Buffer };

export class SecretBoxError extends Error {}

export function fingerprint(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** Keys from the environment's base64 values; outside production a missing key is derived from a fallback secret. */
export function secretKeys(source: { key?: string; previous?: string; fallbackSecret: string; production: boolean }): SecretKeys {
  const decode = (value: string) => Buffer.from(value, "base64");
  let current: Buffer;
  if (source.key) current = decode(source.key);
  else if (source.production) throw new SecretBoxError("UPLIFT_SECRETS_KEY is required in production");
  else current = Buffer.from(hkdfSync("sha256", source.fallbackSecret, "uplift-secret-box", "dev-key", 32));
  if (current.length !== 32) throw new SecretBoxError("the secrets key must be 32 bytes");
  return { current, ...(source.previous ? { previous: decode(source.previous) } : {}) };
}

export function seal(plaintext: string, keys: SecretKeys, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keys.current, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [VERSION, fingerprint(keys.current), iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")];
  return parts.join(".");
}

export function open(sealed: string, keys: SecretKeys, context: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError("not a sealed secret");
  const [, keyId, iv, tag, body] = parts as [string, string, string, string, string];
  const key = [keys.current, keys.previous].find((k) => k && fingerprint(k) === keyId);
  if (!key) throw new SecretBoxError(`sealed with an unknown key (${keyId}): set UPLIFT_SECRETS_KEY_PREVIOUS to the old key`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("the sealed secret was altered or belongs elsewhere");
  }
}

/** True when the secret should be resealed under the current key. */
export function sealedWithPrevious(sealed: string, keys: SecretKeys): boolean {
  return sealed.split(".")[1] !== fingerprint(keys.current);
}
