/**
 * Secrets at rest: AES-256-GCM with a key from MOCKUP_ENCRYPTION_KEY (32 bytes, as 64 hex chars or base64).
 * Each ciphertext is bound to its context (shop + field) as additional authenticated data, so a value
 * copied to another shop or field fails to decrypt. Plaintext is never logged.
 *
 * Format: "v1:" + base64url(iv, 12 bytes) + ":" + base64url(tag, 16 bytes) + ":" + base64url(ciphertext)
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyError";
  }
}

export class SecretDecryptError extends Error {
  constructor() {
    // deliberately no detail: the cause is a wrong key, a wrong context or tampering, and none is the caller's to see
    super("secret could not be decrypted (wrong key, wrong context or tampered data)");
    this.name = "SecretDecryptError";
  }
}

/** Parses a 32-byte key given as 64 hex characters or base64/base64url. */
export function parseKey(text: string | undefined): Buffer {
  const t = (text ?? "").trim();
  if (!t) throw new SecretKeyError("MOCKUP_ENCRYPTION_KEY is not set (32 random bytes, e.g. `openssl rand -hex 32`)");
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32) throw new SecretKeyError("MOCKUP_ENCRYPTION_KEY must be 32 bytes (64 hex chars or base64)");
  return key;
}

/** The process key; read on each call so tests and rotations need no restart of this module. */
export function keyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer {
  return parseKey(env.MOCKUP_ENCRYPTION_KEY);
}

export function encryptSecret(plaintext: string, context: string, key: Buffer = keyFromEnv()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(":");
}

export function decryptSecret(sealed: string, context: string, key: Buffer = keyFromEnv()): string {
  const parts = sealed.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretDecryptError();
  const [, ivText, tagText, ctText] = parts;
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretDecryptError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptError();
  }
}
