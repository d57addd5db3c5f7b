import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTikTokShopClient } from "../../src/tiktok/client.js";
import { TikTokApiError } from "../../src/tiktok/errors.js";
import { refreshAccessToken } from "../../src/tiktok/token.js";
import { type FakeTikTok, startFakeTikTok } from "../support/fake-tiktok.js";

let fake: FakeTikTok;
beforeEach(async () => {
  fake = await startFakeTikTok();
});
afterEach(async () => {
  await fake.close();
});

describe("refreshAccessToken", () => {
  it("gets a new token pair that the API then accepts instead of the old one", async () => {
    const oldToken = fake.accessToken();
    const token = await refreshAccessToken({
      authBaseUrl: fake.baseUrl,
      appKey: fake.appKey,
      appSecret: fake.appSecret,
      refreshToken: fake.refreshToken(),
    });
    expect(token.access_token).toBe(fake.accessToken());
    expect(token.refresh_token).toBe(fake.refreshToken());
    expect(token.access_token_expire_in).toBeGreaterThan(Date.now() / 1000);
    const options = { baseUrl: fake.baseUrl, appKey: fake.appKey, appSecret: fake.appSecret };
    await expect(
      createTikTokShopClient({ ...options, accessToken: token.access_token }).getAuthorizedShops(),
    ).resolves.toHaveLength(1);
    await expect(createTikTokShopClient({ ...options, accessToken: oldToken }).getAuthorizedShops()).rejects.toThrow(
      TikTokApiError,
    );
  });

  it("fails with TikTok's code for an unknown refresh token", async () => {
    const refused = refreshAccessToken({
      authBaseUrl: fake.baseUrl,
      appKey: fake.appKey,
      appSecret: fake.appSecret,
      refreshToken: "TTP_unknown",
    });
    await expect(refused).rejects.toMatchObject({ code: 36009004, endpoint: "GET /api/v2/token/refresh" });
  });
});
