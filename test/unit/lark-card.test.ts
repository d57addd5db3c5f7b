// Lark card JSON 2.0 rendering: plain text only, Lark's limits, forms, and reading card.action.trigger callbacks.
import { describe, expect, it } from "vitest";
import type { FormSpec } from "../../src/chat/forms.js";
import {
  LARK_LIMITS,
  type LarkCard,
  readLarkAction,
  renderLarkCards,
  renderLarkFormCard,
} from "../../src/chat/lark-card.js";
import { message } from "../../src/chat/message.js";
import { t } from "../../src/domain/i18n.js";

type Node = Record<string, unknown>;

/** Every object in the card, depth first. */
function nodes(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (value === null || typeof value !== "object") return [];
  return [value as Node, ...Object.values(value).flatMap(nodes)];
}
const byTag = (card: unknown, tag: string) => nodes(card).filter((n) => n.tag === tag);
const texts = (card: unknown) => byTag(card, "plain_text").map((n) => n.content as string);
const elements = (card: LarkCard) => (card.body as { elements: Node[] }).elements;
/** The value in a component's callback behavior. */
const callbackValue = (node: Node | undefined) =>
  (node?.behaviors as { type: string; value: unknown }[] | undefined)?.find((b) => b.type === "callback")?.value;
/** Bytes of the card as it travels: a JSON string inside the send request's JSON body. */
const sentBytes = (card: LarkCard) => Buffer.byteLength(JSON.stringify(JSON.stringify(card)), "utf8");

describe("Lark cards", () => {
  it("renders a KPI message: header title, plain texts, fields as columns, a divider and a callback button", () => {
    const msg = message([
      { type: "header", text: "GMV · this month" },
      {
        type: "section",
        text: "Team Alpha is at 82% of target",
        fields: [
          { label: "GMV", value: "$41,000" },
          { label: "Target", value: "$50,000" },
          { label: "Orders", value: "1,250" },
        ],
      },
      { type: "divider" },
      { type: "context", text: "Converted at the rate of 2026-11-20" },
      { type: "actions", buttons: [{ actionId: "log.undo", label: "Undo", value: "log_42", style: "danger" }] },
    ]);
    const cards = renderLarkCards(msg, "en");
    expect(cards).toHaveLength(1);
    const [card] = cards as [LarkCard];
    expect(card.schema).toBe("2.0");
    expect(card.config).toMatchObject({ update_multi: true, summary: { content: expect.stringContaining("GMV") } });
    expect(card.header).toEqual({ title: { tag: "plain_text", content: "GMV · this month" } });

    expect(nodes(card).some((n) => n.tag === "lark_md" || n.tag === "markdown")).toBe(false);
    expect(texts(card)).toContain("Team Alpha is at 82% of target");

    const [fields] = byTag(card, "column_set");
    expect(fields?.columns).toHaveLength(2);
    expect(texts(fields)).toEqual(["GMV\n$41,000", "Target\n$50,000"]);
    expect(texts(byTag(card, "column_set")[1])).toEqual(["Orders\n1,250"]);

    expect(elements(card).some((e) => e.tag === "hr")).toBe(true);
    const context = elements(card).find((e) => texts(e).includes("Converted at the rate of 2026-11-20"));
    expect(context?.text).toMatchObject({ text_size: "notation", text_color: "grey" });

    const [button] = byTag(card, "button");
    expect(button).toMatchObject({
      type: "danger",
      text: { tag: "plain_text", content: "Undo" },
      behaviors: [{ type: "callback", value: { action_id: "log.undo", value: "log_42" } }],
    });
  });

  it("keeps a typed <at id=all></at> and markdown as literal plain_text", () => {
    const typed = "hi <at id=all></at> **now** [x](https://evil.example)";
    const card = renderLarkCards(
      message([
        { type: "section", text: typed, fields: [{ label: "<at id=all></at>", value: "<font color=red>x</font>" }] },
      ]),
      "en",
    )[0];
    const plain = byTag(card, "plain_text");
    expect(plain.map((n) => n.content)).toContain(typed);
    expect(plain.map((n) => n.content)).toContain("<at id=all></at>\n<font color=red>x</font>");
    expect(nodes(card).some((n) => n.tag === "lark_md" || n.tag === "markdown")).toBe(false);
  });

  it("splits a 300-section reply into cards within Lark's element and byte limits, with part labels", () => {
    const blocks = [
      { type: "header" as const, text: "Leaderboard" },
      ...Array.from({ length: 300 }, (_, i) => ({ type: "section" as const, text: `row ${i} ${"x".repeat(60)}` })),
    ];
    const cards = renderLarkCards(message(blocks), "en");
    expect(cards.length).toBeGreaterThan(1);
    for (const [i, card] of cards.entries()) {
      expect(nodes(card).filter((n) => "tag" in n).length).toBeLessThanOrEqual(LARK_LIMITS.elementsPerCard);
      expect(sentBytes(card)).toBeLessThanOrEqual(LARK_LIMITS.cardBytes);
      expect(texts(elements(card).at(-1))).toEqual([t("en", "render.part", { n: i + 1, total: cards.length })]);
      expect(card.header).toEqual({ title: { tag: "plain_text", content: "Leaderboard" } });
    }
    const rows = cards.flatMap((c) => texts(elements(c)).filter((s) => s.startsWith("row ")));
    expect(rows).toHaveLength(300);
    expect(rows[299]).toMatch(/^row 299 /);
  });

  it("splits by bytes too: long Chinese texts stay under the byte cap", () => {
    const blocks = Array.from({ length: 12 }, (_, i) => ({
      type: "section" as const,
      text: `第${i}段${"销".repeat(4000)}`,
    }));
    const cards = renderLarkCards(message(blocks), "zh");
    expect(cards.length).toBeGreaterThan(1);
    for (const card of cards) expect(sentBytes(card)).toBeLessThanOrEqual(LARK_LIMITS.cardBytes);
  });

  it("cuts a 20,000-character text with the note in the member's language", () => {
    const card = renderLarkCards(message([{ type: "section", text: "a".repeat(20_000) }]), "zh")[0];
    const [text] = texts(card).filter((s) => s.startsWith("aaa"));
    expect(text?.length).toBeLessThanOrEqual(LARK_LIMITS.text);
    expect(text?.endsWith(`\n${t("zh", "render.truncated")}`)).toBe(true);
    expect(t("zh", "render.truncated")).toMatch(/截断/);
  });

  it("shows a drawn chart by its uploaded image key, and a hosted-only image by its alt text", () => {
    const png = new Uint8Array([1, 2, 3]);
    const msg = message([
      { type: "image", alt: "GMV by day", title: "GMV", png },
      { type: "image", alt: "Logo of the shop", url: "https://example.com/logo.png" },
    ]);
    const withKey = renderLarkCards(msg, "en", { imageKey: (bytes) => (bytes === png ? "img_v3_abc" : undefined) })[0];
    expect(byTag(withKey, "img")).toEqual([
      expect.objectContaining({ img_key: "img_v3_abc", alt: { tag: "plain_text", content: "GMV by day" } }),
    ]);
    expect(texts(withKey)).toContain("Logo of the shop");
    const withoutKey = renderLarkCards(msg, "en")[0];
    expect(byTag(withoutKey, "img")).toEqual([]);
  });

  it("appends a message's form to its card", () => {
    const form: FormSpec = {
      formId: "standup.answer",
      title: "Standup",
      submitLabel: "Send",
      fields: [{ id: "q1", label: "Yesterday?", kind: "multiline", optional: true }],
      state: "2026-11-20",
    };
    const cards = renderLarkCards(message([{ type: "section", text: "Time for the standup" }], { form }), "en");
    expect(cards).toHaveLength(1);
    const body = elements(cards[0] as LarkCard);
    expect(texts(body[0])).toEqual(["Time for the standup"]);
    expect(body.at(-1)?.tag).toBe("form");
    expect(byTag(cards[0], "input")[0]).toMatchObject({ name: "q1", input_type: "multiline_text", required: false });
  });
});

describe("Lark forms", () => {
  const form: FormSpec = {
    formId: "target.set",
    title: "Set a target",
    submitLabel: "Save",
    intro: "For November",
    fields: [
      {
        id: "metric",
        label: "Metric",
        kind: "select",
        options: [
          { value: "gmv", label: "GMV" },
          { value: "orders", label: "Orders" },
        ],
        initial: "orders",
      },
      { id: "tiers", label: "Tiers", kind: "text", placeholder: "40000/50000", hint: "One to three numbers" },
      { id: "notes", label: "Notes", kind: "multiline", optional: true, initial: "typed before" },
    ],
    state: "s1",
  };

  it("renders a form container with inputs named by field id, required flags, an initial option and a submit", () => {
    const card = renderLarkFormCard(form, "en");
    expect(card.schema).toBe("2.0");
    expect(card.header).toEqual({ title: { tag: "plain_text", content: "Set a target" } });
    const [container] = elements(card);
    expect(container?.tag).toBe("form");
    expect(texts(container)).toEqual(
      expect.arrayContaining(["For November", "Metric", "Tiers", "One to three numbers"]),
    );

    const [select] = byTag(card, "select_static");
    expect(select).toMatchObject({ name: "metric", required: true, initial_index: 2 });
    expect(select?.options).toEqual([
      { text: { tag: "plain_text", content: "GMV" }, value: "gmv" },
      { text: { tag: "plain_text", content: "Orders" }, value: "orders" },
    ]);
    const inputs = byTag(card, "input");
    expect(inputs.map((i) => [i.name, i.required])).toEqual([
      ["tiers", true],
      ["notes", false],
    ]);
    expect(inputs[0]).toMatchObject({ placeholder: { tag: "plain_text", content: "40000/50000" } });
    expect(inputs[1]).toMatchObject({ input_type: "multiline_text", default_value: "typed before" });

    const [submit] = byTag(card, "button");
    expect(submit).toMatchObject({
      form_action_type: "submit",
      behaviors: [{ type: "callback", value: { form_id: "target.set", state: "s1" } }],
    });
    const names = nodes(card).flatMap((n) => (typeof n.name === "string" ? [n.name] : []));
    expect(new Set(names).size).toBe(names.length);
  });

  it("shows each error in red small text under its field, and other errors above the fields", () => {
    const card = renderLarkFormCard(form, "zh", { tiers: "请填写。", other: "出错了" });
    const container = elements(card)[0] as Node;
    const children = container.elements as Node[];
    const red = children.filter((e) => (e.text as Node | undefined)?.text_color === "red");
    expect(red.map((e) => texts(e)[0])).toEqual(["出错了", "请填写。"]);
    expect(red[1]?.text).toMatchObject({ text_size: "notation" });
    const tiers = children.findIndex((e) => e.name === "tiers");
    expect(children.indexOf(red[1] as Node)).toBeGreaterThan(tiers);
    expect(children.indexOf(red[1] as Node)).toBeLessThan(children.findIndex((e) => e.name === "notes"));
  });
});

describe("readLarkAction", () => {
  it("round-trips a button's callback value, as an object or as a JSON string", () => {
    const card = renderLarkCards(
      message([{ type: "actions", buttons: [{ actionId: "log.undo", label: "Undo", value: "log_42" }] }]),
      "en",
    )[0];
    const value = callbackValue(byTag(card, "button")[0]);
    const expected = { kind: "button", actionId: "log.undo", value: "log_42" };
    expect(readLarkAction({ tag: "button", value })).toEqual(expected);
    expect(readLarkAction({ tag: "button", value: JSON.stringify(value), timezone: "Asia/Shanghai" })).toEqual(
      expected,
    );
  });

  it("reads a form submission keyed by field id, coercing values to strings", () => {
    const card = renderLarkFormCard(
      { formId: "standup.answer", title: "Standup", submitLabel: "Send", fields: [], state: "2026-11-20" },
      "en",
    );
    const submit = byTag(card, "button")[0] as Node;
    const value = callbackValue(submit);
    const formValue = { q1: "shipped it\nand more", metric: "gmv", picks: ["a", "b"], count: 3 };
    const expected = {
      kind: "form",
      formId: "standup.answer",
      state: "2026-11-20",
      values: { q1: "shipped it\nand more", metric: "gmv", picks: "a,b", count: "3" },
    };
    expect(readLarkAction({ tag: "button", value, form_value: formValue, name: submit.name })).toEqual(expected);
    expect(readLarkAction({ tag: "button", value: JSON.stringify(value), form_value: formValue })).toEqual(expected);
    expect(readLarkAction({ tag: "button", value: { form_id: "target.set" } })).toEqual({
      kind: "form",
      formId: "target.set",
      values: {},
    });
  });

  it("returns null for anything that is not ours", () => {
    for (const garbage of [
      null,
      undefined,
      42,
      "nope",
      {},
      { value: "not json" },
      { value: { key: "value" } },
      { value: { action_id: 7, value: "x" } },
      { value: { form_id: "" } },
      { value: [1, 2] },
      { value: { action_id: "a", value: "b" }, form_value: "oops" },
    ]) {
      expect(readLarkAction(garbage)).toBeNull();
    }
  });
});
