// Block Kit rendering: escaping, Slack's limits, and the signing check against Slack's documented vector.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { message } from "../../src/chat/message.js";
import { renderSlackHome, renderSlackMessage, renderSlackModal, SLACK_LIMITS } from "../../src/chat/slack-render.js";
import { verifySlackSignature } from "../../src/chat/slack-signature.js";

const vectors = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../shared/reference/signature-vectors.json"), "utf8"),
).slack_request_signature;

describe("Slack request signatures", () => {
  const base = {
    signingSecret: vectors.signing_secret,
    rawBody: vectors.raw_body,
    timestamp: vectors.x_slack_request_timestamp,
    signature: vectors.x_slack_signature,
  };
  const at = Number(vectors.x_slack_request_timestamp);

  it("accepts Slack's documented example", () => {
    expect(verifySlackSignature({ ...base, nowSeconds: at + 10 })).toEqual({ ok: true });
  });

  it("rejects a changed body, a wrong secret, a missing header and an unknown version", () => {
    expect(verifySlackSignature({ ...base, rawBody: `${base.rawBody}&x=1`, nowSeconds: at }).ok).toBe(false);
    expect(verifySlackSignature({ ...base, signingSecret: "other", nowSeconds: at }).ok).toBe(false);
    expect(verifySlackSignature({ ...base, signature: undefined, nowSeconds: at }).ok).toBe(false);
    expect(verifySlackSignature({ ...base, signature: base.signature.replace("v0=", "v1="), nowSeconds: at }).ok).toBe(
      false,
    );
  });

  it("rejects a request more than five minutes old or ahead", () => {
    expect(verifySlackSignature({ ...base, nowSeconds: at + 300 }).ok).toBe(true);
    expect(verifySlackSignature({ ...base, nowSeconds: at + 301 }).ok).toBe(false);
    expect(verifySlackSignature({ ...base, nowSeconds: at - 301 }).ok).toBe(false);
  });
});

describe("Block Kit rendering", () => {
  it("escapes &, < and > in every text so mentions typed by users stay text", () => {
    const msg = message([
      { type: "header", text: "A & B" },
      { type: "section", text: "hi <!channel> & <@U1>", fields: [{ label: "<!here>", value: "x > y" }] },
      { type: "context", text: "<https://evil.example|click>" },
    ]);
    const [page] = renderSlackMessage(msg, "en").pages;
    const json = JSON.stringify(page);
    expect(json).not.toMatch(/<!channel>|<@U1>|<!here>|<https:/);
    expect(page?.text).toContain("&lt;!channel&gt; &amp; &lt;@U1&gt;");
  });

  it("splits a reply longer than 50 blocks into numbered parts of at most 50", () => {
    const blocks = Array.from({ length: 120 }, (_, i) => ({ type: "section" as const, text: `row ${i}` }));
    const { pages } = renderSlackMessage(message(blocks), "en");
    expect(pages.length).toBe(3);
    for (const [i, page] of pages.entries()) {
      expect(page.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(JSON.stringify(page.blocks.at(-1))).toContain(`Part ${i + 1} of 3`);
    }
    const rows = pages.flatMap((p) => p.blocks).filter((b) => b.type === "section");
    expect(rows).toHaveLength(120);
    expect(pages[1]?.text).toContain("row 49");
  });

  it("cuts an over-long text to 3,000 characters with a visible note, in the member's language", () => {
    const long = "营业额 ".repeat(2000);
    const [page] = renderSlackMessage(message([{ type: "section", text: long }]), "zh").pages;
    const section = page?.blocks[0] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(section.text.text).toContain("已截断");
    expect(page?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });

  it("puts at most 10 fields in a section and keeps button action ids unique", () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: String(i) }));
    const buttons = [1, 2, 3].map((n) => ({ actionId: "log.undo", label: "Undo", value: `log${n}` }));
    const [page] = renderSlackMessage(
      message([
        { type: "fields", fields },
        { type: "actions", buttons },
      ]),
      "en",
    ).pages;
    const sections = page?.blocks.filter((b) => b.type === "section") as { fields: unknown[] }[];
    expect(sections.map((s) => s.fields.length)).toEqual([10, 10, 3]);
    const actions = page?.blocks.find((b) => b.type === "actions") as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(["log.undo", "log.undo#2", "log.undo#3"]);
  });

  it("sends drawn charts as files and keeps the plain-text fallback", () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const rendering = renderSlackMessage(message([{ type: "image", alt: "GMV vs pace", png }]), "en");
    expect(rendering.files).toEqual([{ name: "GMV vs pace.png", mimeType: "image/png", content: png }]);
    expect(rendering.pages[0]?.blocks).toHaveLength(0);
    expect(rendering.pages[0]?.text).toBe("[GMV vs pace]");
  });

  it("renders a form as a modal with Slack's title limit and the state in private_metadata", () => {
    const view = renderSlackModal(
      {
        formId: "standup.answer",
        title: "A very long standup title that Slack would refuse",
        submitLabel: "Send",
        fields: [
          { id: "q1", label: "Yesterday?", kind: "multiline", optional: true },
          { id: "metric", label: "Metric", kind: "select", options: [{ value: "gmv", label: "GMV" }], initial: "gmv" },
        ],
        state: "2026-11-23",
      },
      { channelId: "C1" },
    );
    expect(view.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
    expect(view.callback_id).toBe("form:standup.answer");
    expect(JSON.parse(view.private_metadata ?? "{}")).toEqual({ state: "2026-11-23", channelId: "C1" });
    expect(JSON.stringify(view.blocks)).toContain('"initial_option"');
  });

  it("turns a form carried by a posted message (the scheduled standup DM) into a button that opens it", () => {
    const msg = message([{ type: "section", text: "Good morning!" }], {
      form: { formId: "standup.answer", title: "Daily standup", submitLabel: "Send", fields: [], state: "2026-11-24" },
    });
    const [page] = renderSlackMessage(msg, "en").pages;
    const actions = page?.blocks.find((b) => b.type === "actions") as {
      elements: { action_id: string; value: string }[];
    };
    expect(actions.elements[0]).toMatchObject({ action_id: "form.open", value: "standup.answer:2026-11-24" });
  });

  it("keeps the App Home within 100 blocks", () => {
    const blocks = Array.from({ length: 150 }, (_, i) => ({ type: "section" as const, text: `row ${i}` }));
    const home = renderSlackHome(blocks, "en");
    expect(home.blocks).toHaveLength(SLACK_LIMITS.blocksPerView);
    expect(JSON.stringify(home.blocks.at(-1))).toContain("cut to fit");
  });
});
