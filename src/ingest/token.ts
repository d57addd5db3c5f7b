// Ingest tokens: "stk_" and 32 random base62 characters (about 190 bits). Only the SHA-256 of a token and a short
// prefix are stored, so a database dump or a backup never holds a usable token.
import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SCHEME = "stk_";
const RANDOM_CHARS = 32;
/** "stk_" and the first 6 random characters: enough to tell tokens apart, far too little to guess one. */
const PREFIX_LENGTH = SCHEME.length + 6;
const TOKEN_PATTERN = /^stk_[0-9A-Za-z]{32}$/;

/** A new random token. Bytes of 248 and above are dropped, so every character is equally likely (248 = 4 × 62). */
export function generateToken(): string {
  let out = SCHEME;
  while (out.length < SCHEME.length + RANDOM_CHARS) {
    for (const byte of randomBytes(RANDOM_CHARS * 2)) {
      if (byte >= 248) continue;
      out += ALPHABET[byte % 62];
      if (out.length === SCHEME.length + RANDOM_CHARS) break;
    }
  }
  return out;
}

export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

export const tokenPrefix = (token: string): string => token.slice(0, PREFIX_LENGTH);

/** Cheap shape check before any database work: anything else cannot be a token we issued. */
export const looksLikeToken = (text: string): boolean => TOKEN_PATTERN.test(text);
