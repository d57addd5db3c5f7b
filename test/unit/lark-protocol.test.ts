// Lark's wire rules without a server: the documented AES and signature vectors, reading what a member typed,
// and the outbox's rate-limit handling.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  larkDecrypt,
  larkEncrypt,
  larkSignature,
  sameSecret,
  verifyLarkSignature,
} from "../../src/chat/lark-crypto.js";
import { createLarkOutbox, LARK_TRANSIENT_RETRIES, rateLimitWaitMs } from "../../src/chat/lark-outbox.js";
import { commandText } from "../../src/chat/lark-text.js";
import { silentLogger } from "../../src/log.js";

const vectors = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../shared/reference/signature-vectors.json"), "utf8"),
);

describe("Lark encryption and signatures", () => {
  it("decrypts the documented examples", () => {
    const doc = vectors.lark_aes_doc_example;
    expect(larkDecrypt(doc.encrypt_key, doc.encrypt)).toBe(doc.plaintext);
    const challenge = vectors.lark_aes_url_verification;
    expect(larkDecrypt(challenge.encrypt_key, challenge.request_body.encrypt)).toBe(challenge.decrypted);
  });

  it("round-trips our own encryption and rejects a wrong key", () => {
    const sealed = larkEncrypt("k1", '{"a":"营业额"}');
    expect(larkDecrypt("k1", sealed)).toBe('{"a":"营业额"}');
    expect(() => larkDecrypt("k2", sealed)).toThrow();
  });

  it("computes the signature of the consistency vector and checks its window", () => {
    const v = vectors.lark_signature_consistency_check;
    expect(larkSignature(v.timestamp, v.nonce, v.encrypt_key, v.raw_body)).toBe(v.expected_x_lark_signature);
    const base = {
      encryptKey: v.encrypt_key,
      rawBody: v.raw_body,
      timestamp: v.timestamp,
      nonce: v.nonce,
      signature: v.expected_x_lark_signature,
    };
    const at = Number(v.timestamp);
    expect(verifyLarkSignature({ ...base, nowSeconds: at + 60 }).ok).toBe(true);
    expect(verifyLarkSignature({ ...base, nowSeconds: at + 301 }).ok).toBe(false);
    expect(verifyLarkSignature({ ...base, rawBody: `${v.raw_body} `, nowSeconds: at }).ok).toBe(false);
    expect(verifyLarkSignature({ ...base, nonce: undefined, nowSeconds: at }).ok).toBe(false);
  });
});

describe("what a member typed", () => {
  const base = { message_id: "om_1", chat_type: "group" };
  it("strips mentions and knows whether the bot was addressed", () => {
    const typed = commandText(
      {
        ...base,
        message_type: "text",
        content: JSON.stringify({ text: "@_user_1 log  video 3 @_user_2" }),
        mentions: [
          { key: "@_user_1", id: { open_id: "ou_bot" }, name: "Starling" },
          { key: "@_user_2", id: { open_id: "ou_amy" }, name: "Amy" },
        ],
      },
      "ou_bot",
    );
    expect(typed).toEqual({ text: "log video 3", mentionsBot: true });
  });

  it("reads rich-text posts, plain and keyed by locale", () => {
    const post = {
      title: "",
      content: [
        [
          { tag: "at", user_id: "@_user_1" },
          { tag: "text", text: "kpi week" },
        ],
      ],
    };
    expect(commandText({ ...base, message_type: "post", content: JSON.stringify(post) }, "ou_bot")?.text).toBe(
      "kpi week",
    );
    const localized = { zh_cn: post };
    expect(commandText({ ...base, message_type: "post", content: JSON.stringify(localized) }, null)?.text).toBe(
      "kpi week",
    );
  });

  it("ignores what is not text (images, stickers, broken content)", () => {
    expect(commandText({ ...base, message_type: "image", content: '{"image_key":"img_1"}' }, null)).toBeNull();
    expect(commandText({ ...base, message_type: "text", content: "{not json" }, null)).toBeNull();
  });
});

describe("the Lark outbox", () => {
  const limited = (reset: string) => ({ response: { status: 429, headers: { "x-ogw-ratelimit-reset": reset } } });

  it("reads Lark's rate-limit answers, and nothing else, as a wait", () => {
    expect(rateLimitWaitMs(limited("3"))).toBe(3000);
    expect(rateLimitWaitMs({ response: { status: 400, data: { code: 99991400 }, headers: {} } })).toBe(1000);
    expect(rateLimitWaitMs({ response: { status: 500 } })).toBeNull();
    expect(rateLimitWaitMs(new Error("network"))).toBeNull();
  });

  it("waits for the reset and sends again; other failures surface", async () => {
    const waits: number[] = [];
    const outbox = createLarkOutbox({ log: silentLogger, sleep: async (ms) => void waits.push(ms) });
    let calls = 0;
    const result = await outbox.send("oc_1", async () => {
      calls++;
      if (calls === 1) throw limited("2");
      return "sent";
    });
    expect(result).toBe("sent");
    expect(calls).toBe(2);
    expect(waits).toContain(2000);
    await expect(outbox.send("oc_1", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await outbox.send("oc_1", async () => "after a failure, the queue goes on")).toContain("goes on");
  });

  it("compares the verification token whole, whatever its length (constant time, on hashes)", () => {
    expect(sameSecret("v-token-1234", "v-token-1234")).toBe(true);
    for (const wrong of ["", "v-token-123", "v-token-12345", "V-TOKEN-1234", "x".repeat(1000)]) {
      expect(sameSecret(wrong, "v-token-1234"), wrong).toBe(false);
    }
  });

  it("sends again after a network error or a 5xx, a bounded number of times; a refusal is not retried", async () => {
    const waits: number[] = [];
    const outbox = createLarkOutbox({ log: silentLogger, sleep: async (ms) => void waits.push(ms) });
    const failure = (status?: number) =>
      Object.assign(new Error(status ? `HTTP ${status}` : "connect ECONNREFUSED"), {
        isAxiosError: true,
        ...(status ? { response: { status, headers: {}, data: {} } } : { code: "ECONNREFUSED" }),
      });
    let calls = 0;
    const sent = await outbox.send("oc_3", async () => {
      calls++;
      if (calls === 1) throw failure(502);
      if (calls === 2) throw failure();
      return "sent";
    });
    expect([sent, calls]).toEqual(["sent", 3]);
    expect(waits.filter((ms) => ms >= 500)).toEqual([500, 1000]);

    let refused = 0;
    const bad = outbox.send("oc_3", async () => {
      refused++;
      throw failure(400);
    });
    await expect(bad).rejects.toThrow("HTTP 400");
    expect(refused).toBe(1);

    let down = 0;
    const gone = outbox.send("oc_3", async () => {
      down++;
      throw failure(503);
    });
    await expect(gone).rejects.toThrow("HTTP 503");
    expect(down).toBe(1 + LARK_TRANSIENT_RETRIES);
  });

  it("keeps one chat's messages in order", async () => {
    const outbox = createLarkOutbox({ log: silentLogger, perChatPerSecond: 1000 });
    const order: number[] = [];
    await Promise.all(
      [30, 10, 20].map((delay, i) =>
        outbox.send("oc_2", async () => {
          await new Promise((r) => setTimeout(r, delay));
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2]);
  });
});
