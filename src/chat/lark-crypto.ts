// Lark's event security: with an Encrypt Key, bodies arrive as {"encrypt": base64(iv ‖ AES-256-CBC(sha256(key), iv,
// json))} and carry X-Lark-Signature = hex(sha256(timestamp + nonce + key + raw body)) — plain SHA-256 over the raw
// bytes, as Lark's Go and Python SDKs check it (the Node SDK re-serialises the body, which only works by luck).
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const LARK_MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const keyOf = (encryptKey: string) => createHash("sha256").update(encryptKey).digest();

export function larkDecrypt(encryptKey: string, encrypted: string): string {
  const buffer = Buffer.from(encrypted, "base64");
  if (buffer.length < 32) throw new Error("the encrypted body is too short");
  const decipher = createDecipheriv("aes-256-cbc", keyOf(encryptKey), buffer.subarray(0, 16));
  return Buffer.concat([decipher.update(buffer.subarray(16)), decipher.final()]).toString("utf8");
}

/** The inverse, for tests and the local fake: a random IV in front of the ciphertext. */
export function larkEncrypt(encryptKey: string, plaintext: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", keyOf(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string | Buffer): string {
  return createHash("sha256").update(`${timestamp}${nonce}${encryptKey}`).update(rawBody).digest("hex");
}

export function verifyLarkSignature(input: {
  encryptKey: string;
  rawBody: string | Buffer;
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
}): { ok: true } | { ok: false; reason: string } {
  const { timestamp, nonce, signature } = input;
  if (!timestamp || !nonce || !signature) return { ok: false, reason: "missing signature headers" };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "the timestamp is not a number" };
  if (Math.abs(input.nowSeconds - Number(timestamp)) > LARK_MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "the timestamp is more than five minutes away (stale or replayed)" };
  }
  const expected = Buffer.from(larkSignature(timestamp, nonce, input.encryptKey, input.rawBody));
  const given = Buffer.from(signature.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "the signature does not match" };
  }
  return { ok: true };
}

/**
 * Two secrets (the verification token) compared in constant time: both are hashed first, so the comparison takes the
 * same time whatever their lengths and wherever they first differ.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}
