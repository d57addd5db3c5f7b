// Neutral messages and forms → Lark/Feishu interactive cards in card JSON 2.0 (`"schema": "2.0"`).
//
// Every neutral text goes out as `plain_text`, never `lark_md` or `markdown`: the Feishu docs list `<at id=all>`,
// links, `<font>` and the other tags only as "lark_md 支持的 Markdown 语法", while `plain_text` is "普通文本内容或表情"
// (card-json-v2-components/content-components/plain-text.md). So a typed "<at id=all></at>" or "**bold**" stays
// literal text and nothing needs escaping.
//
// Lark's limits are met the way the Slack renderer meets Slack's: a reply too big for one card is split into numbered
// cards ("Part n of m"), and an over-long text is cut with a visible note. Card JSON 2.0 rejects properties it does
// not know ("传入不支持的属性将报错", card-json-v2-breaking-changes-release-notes.md), so only documented properties are
// used below. Doc paths are relative to feishu/001-开发指南/feishu-cards/ in the Feishu docs
// (mirrored in wxkingstar/doc-hub-mcp).
import { z } from "zod";
import { type Locale, t } from "../domain/i18n.js";
import type { FormField, FormSpec } from "./forms.js";
import { type Block, type Button, type Field, type OutgoingMessage, plainText } from "./message.js";

export type LarkCard = Record<string, unknown>;
type Element = Record<string, unknown>;

export const LARK_LIMITS = {
  /** "一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）或组件" (card-json-v2-structure.md). We count every
   * object with a `tag`, nested ones included, which is the strictest reading. */
  elementsPerCard: 200,
  /** Sending a card: "卡片及富文本消息请求体最大不能超过30KB" (im/v1/message create). The card travels as a JSON string
   * inside that body, so we measure the escaped string and keep 5 KB for the rest of the request. */
  cardBytes: 25_000,
  /** Our caps per text (no documented maximum for a plain_text div); they keep any one element well inside a card. */
  text: 5_000,
  textBytes: 12_000,
  fieldText: 2_000,
  fieldBytes: 6_000,
  /** The header title shows at most four lines (content-components/title.md). */
  title: 200,
  /** config.summary: the chat list preview; ours, kept short. */
  summary: 100,
  /** Button text "最多支持 100 个字符" (interactive-components/button.md). */
  buttonLabel: 100,
  /** Ours: buttons of one actions block share a flowing row per this many. */
  buttonsPerRow: 10,
  /** Input placeholder "最多支持 100 个字符"; max_length 1–1,000 (interactive-components/input.md). */
  placeholder: 100,
  inputLength: 1_000,
  /** Ours: the docs give no maximum; each option's plain_text counts toward elementsPerCard. */
  optionsPerSelect: 100,
  optionText: 100,
} as const;

/** Button callback value we put in behaviors and get back in event.action.value */
export interface LarkButtonValue {
  action_id: string;
  value: string;
}

/** Value of a form's submit button */
export interface LarkFormValue {
  form_id: string;
  state?: string;
}

/** Names of our own form components. Field components are named by their field id, so `form_value` keys are field
 * ids; names must be unique across the card (containers/form-container.md), hence these unlikely ones. */
const FORM_NAME = "starling_form";
const SUBMIT_NAME = "starling_form_submit";

// ---- texts ------------------------------------------------------------------------------------------------------

/** Bytes `value` takes once serialised and embedded as a JSON string in the send request. */
function escapedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(value)), "utf8") - 2;
}

/** Cuts `text` to `limit` characters and `byteLimit` escaped bytes, ending with `note`; never inside a surrogate pair. */
function fitText(text: string, limit: number, byteLimit: number, note: string): string {
  if (text.length <= limit && escapedBytes(text) <= byteLimit) return text;
  const fits = (n: number) => escapedBytes(`${text.slice(0, n)}\n${note}`) <= byteLimit;
  let lo = 0;
  let hi = Math.max(0, Math.min(text.length, limit - note.length - 1));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  let kept = text.slice(0, lo);
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}\n${note}`;
}

/** Short labels (buttons, options, placeholders): cut with an ellipsis, no note. */
const short = (text: string, limit: number) => {
  const chars = Array.from(text);
  return chars.length > limit ? `${chars.slice(0, limit - 1).join("")}…` : text;
};

const plain = (content: string) => ({ tag: "plain_text", content });

type TextStyle = { text_size?: "heading" | "normal" | "notation"; text_color?: "grey" | "red" };

/** A plain-text div (content-components/plain-text.md). */
const div = (content: string, style: TextStyle = {}): Element => ({
  tag: "div",
  text: { tag: "plain_text", content, ...style },
});

/** Small grey text: JSON 2.0 dropped the `note` component; "可由普通文本组件配置 notation 字号、grey 字体颜色" replaces
 * it (card-json-v2-breaking-changes-release-notes.md). */
const small = (content: string) => div(content, { text_size: "notation", text_color: "grey" });

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Objects carrying a `tag`, nested ones included: what counts toward the 200-element cap. */
function countElements(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countElements(item), 0);
  if (value === null || typeof value !== "object") return 0;
  let n = "tag" in value ? 1 : 0;
  for (const child of Object.values(value)) n += countElements(child);
  return n;
}

// ---- blocks -----------------------------------------------------------------------------------------------------

/** Fields as rows of two weighted columns (containers/column-set.md); a lone last field keeps half the width. */
function fieldRows(fields: Field[], note: string): Element[] {
  return chunk(fields, 2).map((pair) => ({
    tag: "column_set",
    flex_mode: "none",
    horizontal_spacing: "medium",
    columns: [0, 1].map((i) => {
      const field = pair[i];
      return {
        tag: "column",
        width: "weighted",
        weight: 1,
        elements: field
          ? [div(fitText(`${field.label}\n${field.value}`, LARK_LIMITS.fieldText, LARK_LIMITS.fieldBytes, note))]
          : [],
      };
    }),
  }));
}

/** Buttons sit in auto-width columns of a `flow` column_set, which wraps on narrow screens (the docs' own button
 * layout, interactive-components/button.md; JSON 2.0 has no `action` module any more). Each click calls back with
 * a LarkButtonValue in `behaviors` (configuring-card-interactions.md: `{"type": "callback", "value": {...}}`). */
function buttonRows(buttons: Button[]): Element[] {
  return chunk(buttons, LARK_LIMITS.buttonsPerRow).map((row) => ({
    tag: "column_set",
    flex_mode: "flow",
    horizontal_spacing: "small",
    columns: row.map((b) => ({
      tag: "column",
      width: "auto",
      elements: [
        {
          tag: "button",
          type: b.style ?? "default",
          text: plain(short(b.label, LARK_LIMITS.buttonLabel) || " "),
          behaviors: [{ type: "callback", value: { action_id: b.actionId, value: b.value } satisfies LarkButtonValue }],
        },
      ],
    })),
  }));
}

type ImageKey = (png: Uint8Array) => string | undefined;

/** One neutral block as card elements; each inner array is a unit that is never split across two cards. */
function renderBlock(block: Block, note: string, imageKey: ImageKey | undefined): Element[][] {
  const text = (s: string) => fitText(s, LARK_LIMITS.text, LARK_LIMITS.textBytes, note);
  switch (block.type) {
    case "header":
      return block.text ? [[div(text(block.text), { text_size: "heading" })]] : [];
    case "section": {
      const rows = fieldRows(block.fields ?? [], note).map((row) => [row]);
      return block.text ? [[div(text(block.text))], ...rows] : rows;
    }
    case "fields":
      return fieldRows(block.fields, note).map((row) => [row]);
    case "context":
      return block.text ? [[small(text(block.text))]] : [];
    case "divider":
      return [[{ tag: "hr" }]];
    case "actions":
      return buttonRows(block.buttons).map((row) => [row]);
    case "image": {
      // A card image needs an img_key from Lark's image upload (content-components/image.md); `alt` is required.
      const key = block.png ? imageKey?.(block.png) : undefined;
      if (key) {
        return [
          [
            {
              tag: "img",
              img_key: key,
              alt: plain(short(block.alt, LARK_LIMITS.text)),
              ...(block.title ? { title: plain(short(block.title, LARK_LIMITS.title)) } : {}),
              scale_type: "fit_horizontal",
            },
          ],
        ];
      }
      // A hosted URL cannot be shown without uploading it first: say what the picture is instead.
      if (block.url && block.alt) return [[div(text(block.alt))]];
      return [];
    }
  }
}

// ---- forms ------------------------------------------------------------------------------------------------------

function fieldElements(field: FormField, note: string, error: string | undefined): Element[] {
  const out: Element[] = [];
  const label = fitText(field.label, LARK_LIMITS.fieldText, LARK_LIMITS.fieldBytes, note);
  const placeholder = field.placeholder
    ? { placeholder: plain(short(field.placeholder, LARK_LIMITS.placeholder)) }
    : {};
  // Inside a form, `required: true` makes the client refuse to submit an empty field (containers/form-container.md).
  const required = !field.optional;
  if (field.kind === "select") {
    const options = (field.options ?? []).slice(0, LARK_LIMITS.optionsPerSelect);
    const initial = options.findIndex((o) => o.value === field.initial);
    // select_static documents no `label` (interactive-components/single-select-dropdown-menu.md), so the label is a
    // div above it. The initial choice uses `initial_index` (1 = first option): `initial_option` is described as the
    // option's "内容" and the docs' examples disagree on whether that is its text or its value.
    out.push(div(label));
    out.push({
      tag: "select_static",
      name: field.id,
      required,
      width: "fill",
      ...placeholder,
      options: options.map((o) => ({ text: plain(short(o.label, LARK_LIMITS.optionText) || o.value), value: o.value })),
      ...(initial >= 0 ? { initial_index: initial + 1 } : {}),
    });
  } else {
    out.push({
      tag: "input",
      name: field.id,
      required,
      width: "fill",
      label: plain(label),
      ...placeholder,
      ...(field.initial ? { default_value: field.initial.slice(0, LARK_LIMITS.inputLength) } : {}),
      max_length: LARK_LIMITS.inputLength,
      // "换行符在回调中以 \n 返回" (interactive-components/input.md).
      ...(field.kind === "multiline" ? { input_type: "multiline_text", rows: 3, auto_resize: true } : {}),
    });
  }
  if (field.hint) out.push(small(fitText(field.hint, LARK_LIMITS.text, LARK_LIMITS.textBytes, note)));
  if (error)
    out.push(
      div(fitText(error, LARK_LIMITS.text, LARK_LIMITS.textBytes, note), { text_size: "notation", text_color: "red" }),
    );
  return out;
}

/** The form container (containers/form-container.md): it may only sit at the card's root and needs a button with
 * `form_action_type: "submit"`; its fields are named by field id, so `event.action.form_value` is keyed by field id. */
function formContainer(form: FormSpec, locale: Locale, errors: Record<string, string> = {}): Element {
  const note = t(locale, "render.truncated");
  const fieldIds = new Set(form.fields.map((f) => f.id));
  const elements: Element[] = [];
  if (form.intro) elements.push(div(fitText(form.intro, LARK_LIMITS.text, LARK_LIMITS.textBytes, note)));
  // Errors about no particular field go above the fields.
  for (const [key, error] of Object.entries(errors)) {
    if (!fieldIds.has(key))
      elements.push(
        div(fitText(error, LARK_LIMITS.text, LARK_LIMITS.textBytes, note), {
          text_size: "notation",
          text_color: "red",
        }),
      );
  }
  for (const field of form.fields) elements.push(...fieldElements(field, note, errors[field.id]));
  const value: LarkFormValue = { form_id: form.formId, ...(form.state !== undefined ? { state: form.state } : {}) };
  elements.push({
    tag: "button",
    name: SUBMIT_NAME,
    type: "primary",
    text: plain(short(form.submitLabel, LARK_LIMITS.buttonLabel) || " "),
    form_action_type: "submit",
    behaviors: [{ type: "callback", value }],
  });
  return { tag: "form", name: FORM_NAME, elements };
}

// ---- cards ------------------------------------------------------------------------------------------------------

const oneLine = (text: string) => text.replace(/[\s\p{Cc}]+/gu, " ").trim();

function card(title: string | undefined, summary: string, elements: Element[]): LarkCard {
  return {
    schema: "2.0",
    // JSON 2.0 only supports shared cards ("update_multi 参数仅支持设为 true"); `summary.content` is the chat list
    // preview (card-json-v2-structure.md).
    config: {
      update_multi: true,
      ...(oneLine(summary) ? { summary: { content: short(oneLine(summary), LARK_LIMITS.summary) } } : {}),
    },
    ...(title ? { header: { title: plain(short(oneLine(title), LARK_LIMITS.title)) } } : {}),
    body: { elements },
  };
}

interface Unit {
  elements: Element[];
  block: Block | null;
}

/** Renders a message as one or more cards: whole units are packed into cards under the element and byte caps, each
 * card of a split reply ends with "Part n of m", and a form (msg.form) goes at the end of the last card. */
export function renderLarkCards(
  msg: OutgoingMessage,
  locale: Locale,
  options: { imageKey?: (png: Uint8Array) => string | undefined } = {},
): LarkCard[] {
  const note = t(locale, "render.truncated");
  const titleBlock = msg.blocks.find((b): b is Extract<Block, { type: "header" }> => b.type === "header" && !!b.text);
  const title = titleBlock?.text ?? (msg.blocks.length === 0 ? msg.form?.title : undefined);

  const units: Unit[] = [];
  for (const block of msg.blocks) {
    if (block === titleBlock) continue;
    for (const elements of renderBlock(block, note, options.imageKey)) units.push({ elements, block });
  }
  if (msg.blocks.length === 0 && msg.text && !msg.form) {
    units.push({ elements: [div(fitText(msg.text, LARK_LIMITS.text, LARK_LIMITS.textBytes, note))], block: null });
  }
  if (msg.form) {
    const heading =
      msg.form.title && msg.form.title !== title
        ? [div(short(msg.form.title, LARK_LIMITS.title), { text_size: "heading" })]
        : [];
    units.push({ elements: [...heading, formContainer(msg.form, locale)], block: null });
  }

  // What every card carries besides its units: the title, a worst-case summary and a worst-case part label.
  const partLabel = (n: number, total: number) => small(t(locale, "render.part", { n, total }));
  const skeleton = card(title, "", [partLabel(999, 999)]);
  // A summary is at most `summary` code points of at most 4 escaped bytes each (an emoji, or `"` escaped twice).
  const fixedBytes = escapedBytes(skeleton) + LARK_LIMITS.summary * 4 + 40;
  const fixedElements = countElements(skeleton);

  const pages: Unit[][] = [];
  let page: Unit[] = [];
  let bytes = fixedBytes;
  let count = fixedElements;
  for (const unit of units) {
    const unitBytes = unit.elements.reduce((sum, el) => sum + escapedBytes(el) + 1, 0);
    const unitCount = countElements(unit.elements);
    if (
      page.length > 0 &&
      (bytes + unitBytes > LARK_LIMITS.cardBytes || count + unitCount > LARK_LIMITS.elementsPerCard)
    ) {
      pages.push(page);
      page = [];
      bytes = fixedBytes;
      count = fixedElements;
    }
    page.push(unit);
    bytes += unitBytes;
    count += unitCount;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);

  return pages.map((units, index) => {
    const elements = units.flatMap((u) => u.elements);
    if (pages.length > 1) elements.push(partLabel(index + 1, pages.length));
    const neutral = [...new Set(units.flatMap((u) => (u.block ? [u.block] : [])))];
    const summary = pages.length === 1 ? msg.text : plainText(neutral) || msg.text;
    return card(title, summary || title || msg.form?.title || "", elements);
  });
}

/** A form on its own card: the title in the header, the form container as the body. */
export function renderLarkFormCard(form: FormSpec, locale: Locale, errors?: Record<string, string>): LarkCard {
  return card(form.title, form.title, [formContainer(form, locale, errors)]);
}

// ---- callbacks --------------------------------------------------------------------------------------------------

const buttonValueSchema = z.object({ action_id: z.string().min(1), value: z.string() });
const formValueSchema = z.object({ form_id: z.string().min(1), state: z.string().optional() });
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const formEntrySchema = z.union([scalar, z.array(scalar), z.null()]);
/** `event.action` of card.action.trigger (card-callback-communication.md): `value` is "object/ string" (the behaviors
 * value we set), `form_value` the submitted form keyed by component name, `name` the clicked component's name. */
const actionSchema = z.object({
  value: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  form_value: z.record(z.string(), z.unknown()).optional(),
  name: z.string().optional(),
});

function parseValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Reads a card.action.trigger `event.action` into what Starling needs; null when it is not ours. */
export function readLarkAction(
  action: unknown,
):
  | { kind: "button"; actionId: string; value: string }
  | { kind: "form"; formId: string; state?: string; values: Record<string, string> }
  | null {
  const parsed = actionSchema.safeParse(parseValue(action));
  if (!parsed.success) return null;
  const value = parseValue(parsed.data.value);

  const form = formValueSchema.safeParse(value);
  // Only our submit buttons carry a LarkFormValue; an untouched form may come back with an empty form_value.
  if (form.success) {
    const values: Record<string, string> = {};
    for (const [name, raw] of Object.entries(parsed.data.form_value ?? {})) {
      const entry = formEntrySchema.safeParse(raw);
      if (!entry.success || entry.data === null || name === SUBMIT_NAME || name === FORM_NAME) continue;
      // Component names are the field ids (see formContainer), so no unmapping is needed.
      values[name] = Array.isArray(entry.data) ? entry.data.map(String).join(",") : String(entry.data);
    }
    return {
      kind: "form",
      formId: form.data.form_id,
      ...(form.data.state !== undefined ? { state: form.data.state } : {}),
      values,
    };
  }

  const button = buttonValueSchema.safeParse(value);
  if (button.success) return { kind: "button", actionId: button.data.action_id, value: button.data.value };
  return null;
}
