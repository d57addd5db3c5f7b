import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWebhookEvent, verifyWebhookSignature, webhookSignature } from "../../src/tiktok/webhook.js";
import { type FakeTikTok, startFakeTikTok } from "../support/fake-tiktok.js";

const vectors = JSON.parse(
  readFileSync(new URL("../../../shared/reference/signature-vectors.json", import.meta.url), "utf8"),
);
const vector = vectors.tiktok_shop_webhook_signature;

describe("verifyWebhookSignature", () => {
  it("matches the published vector", () => {
    expect(webhookSignature(vector.raw_body, vector.app_key, vector.app_secret)).toBe(
      vector.expected_authorization_header,
    );
    expect(vector.expected_authorization_header).toMatch(/^21109834/);
    expect(
      verifyWebhookSignature(vector.raw_body, vector.expected_authorization_header, vector.app_key, vector.app_secret),
    ).toBe(true);
    expect(
      verifyWebhookSignature(
        Buffer.from(vector.raw_body),
        vector.expected_authorization_header.toUpperCase(),
        vector.app_key,
        vector.app_secret,
      ),
    ).toBe(true);
  });

  it("refuses a tampered body, a wrong key, a truncated or missing header", () => {
    const header = vector.expected_authorization_header;
    const tampered = vector.raw_body.replace("AWAITING_SHIPMENT", "CANCELLED");
    expect(verifyWebhookSignature(tampered, header, vector.app_key, vector.app_secret)).toBe(false);
    expect(verifyWebhookSignature(vector.raw_body, header, "other_key", vector.app_secret)).toBe(false);
    expect(verifyWebhookSignature(vector.raw_body, header.slice(0, -2), vector.app_key, vector.app_secret)).toBe(false);
    expect(verifyWebhookSignature(vector.raw_body, undefined, vector.app_key, vector.app_secret)).toBe(false);
  });
});

describe("parseWebhookEvent", () => {
  it("keeps the 19-digit shop id and the order id as strings", () => {
    const event = parseWebhookEvent(vector.raw_body);
    expect(event).toEqual({
      type: 1,
      shop_id: "7494726673780148744",
      timestamp: 1664095733,
      data: { order_id: "576684019603311365", order_status: "AWAITING_SHIPMENT", update_time: 1664095610 },
    });
  });

  it("refuses a shop id sent as a JSON number (it would already be rounded)", () => {
    const body = '{"type":1,"shop_id":7494726673780148744,"timestamp":1664095733,"data":{}}';
    expect(String(JSON.parse(body).shop_id)).not.toBe("7494726673780148744");
    expect(() => parseWebhookEvent(body)).toThrow(/shop_id/);
  });

  it("refuses a body that is not JSON", () => {
    expect(() => parseWebhookEvent("not json")).toThrow(/not JSON/);
  });
});

describe("the fake's signed webhooks", () => {
  let fake: FakeTikTok;
  let receiverUrl = "";
  const received: { verified: boolean; type?: number }[] = [];
  const receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const verified = verifyWebhookSignature(raw, req.headers.authorization, fake.appKey, fake.appSecret);
    received.push({ verified, type: verified ? parseWebhookEvent(raw).type : undefined });
    res.writeHead(verified ? 200 : 401).end();
  });

  beforeAll(async () => {
    fake = await startFakeTikTok();
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    if (!address || typeof address === "string") throw new Error("no receiver address");
    receiverUrl = `http://127.0.0.1:${address.port}/webhooks/tiktok`;
  });
  afterAll(async () => {
    await fake.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it("are accepted when intact and refused when tampered with", async () => {
    const event = { type: 1, shop_id: "7494726673780148744", timestamp: 1764000000, data: { order_id: "1" } };
    expect((await fake.postWebhook(receiverUrl, event)).status).toBe(200);
    expect((await fake.postWebhook(receiverUrl, event, { tamper: true })).status).toBe(401);
    expect(received).toEqual([
      { verified: true, type: 1 },
      { verified: false, type: undefined },
    ]);
  });
});
