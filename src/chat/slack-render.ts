// Neutral messages → Slack Block Kit. User text is escaped (&, <, >) and marked verbatim, so a typed "<!channel>"
// or "<@U123>" stays text instead of pinging anyone. Slack's limits (50 blocks a message, 3,000 characters a text,
// 10 fields a section, 25 buttons a block) are met by splitting a long reply into numbered parts and cutting an
// over-long text with a visible note: the member always sees that something was shortened.
import type { types } from "@slack/bolt";
import { type Locale, t } from "../domain/i18n.js";
import { OPEN_FORM_ACTION } from "./dispatcher.js";
import type { FormField, FormSpec } from "./forms.js";
import { type Block, type FileAttachment, type OutgoingMessage, plainText } from "./message.js";

type KnownBlock = types.KnownBlock;
type SlackButton = types.Button;
type InputBlock = types.InputBlock;
type PlainTextOption = types.PlainTextOption;
type HomeView = types.HomeView;
type ModalView = types.ModalView;

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonsPerBlock: 25,
  buttonLabel: 75,
  buttonValue: 2000,
  fallbackText: 3000,
  modalTitle: 24,
  optionText: 75,
  optionsPerSelect: 100,
  privateMetadata: 3000,
} as const;

export function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Cuts `text` to `limit` characters, ending with `note`; never in the middle of an escape like "&amp;". */
export function fitText(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  const kept = text.slice(0, Math.max(0, limit - note.length - 1)).replace(/&[a-z]{0,4}$/, "");
  return `${kept}\n${note}`;
}

const plain = (text: string, limit: number) => ({
  type: "plain_text" as const,
  text: text.length > limit ? `${text.slice(0, limit - 1)}…` : text || " ",
  emoji: true,
});

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Renders one neutral block; one neutral block may need several Slack blocks (11 fields, 30 buttons). */
function renderBlock(block: Block, locale: Locale, actionIds: Set<string>): KnownBlock[] {
  const note = t(locale, "render.truncated");
  const mrkdwn = (text: string, limit: number) => ({
    type: "mrkdwn" as const,
    text: fitText(escapeSlack(text), limit, note),
    verbatim: true,
  });
  const fieldTexts = (fields: { label: string; value: string }[]) =>
    fields.map((f) => mrkdwn(`${f.label}\n${f.value}`, SLACK_LIMITS.fieldText));
  switch (block.type) {
    case "header":
      return [{ type: "header", text: plain(block.text, SLACK_LIMITS.headerText) }];
    case "section": {
      const groups = chunk(fieldTexts(block.fields ?? []), SLACK_LIMITS.fieldsPerSection);
      const first: KnownBlock = { type: "section", text: mrkdwn(block.text || " ", SLACK_LIMITS.sectionText) };
      if (groups[0]) first.fields = groups[0];
      return [first, ...groups.slice(1).map((fields): KnownBlock => ({ type: "section", fields }))];
    }
    case "fields":
      return chunk(fieldTexts(block.fields), SLACK_LIMITS.fieldsPerSection).map(
        (fields): KnownBlock => ({ type: "section", fields }),
      );
    case "context":
      return [{ type: "context", elements: [mrkdwn(block.text, SLACK_LIMITS.sectionText)] }];
    case "divider":
      return [{ type: "divider" }];
    case "actions":
      return chunk(block.buttons, SLACK_LIMITS.buttonsPerBlock).map(
        (buttons): KnownBlock => ({
          type: "actions",
          elements: buttons.map((b): SlackButton => {
            // Slack wants action ids unique within a message; "#n" keeps two Undo buttons apart.
            let actionId = b.actionId;
            for (let n = 2; actionIds.has(actionId); n++) actionId = `${b.actionId}#${n}`;
            actionIds.add(actionId);
            return {
              type: "button",
              action_id: actionId,
              text: plain(b.label, SLACK_LIMITS.buttonLabel),
              value: b.value.slice(0, SLACK_LIMITS.buttonValue),
              ...(b.style ? { style: b.style } : {}),
            };
          }),
        }),
      );
    case "image":
      // A drawn chart travels as an uploaded file with the message (Slack image blocks need a public URL).
      if (!block.url) return [];
      return [
        {
          type: "image",
          image_url: block.url,
          alt_text: block.alt.slice(0, 2000),
          ...(block.title ? { title: plain(block.title, 2000) } : {}),
        },
      ];
  }
}

/** The neutral action id behind a Slack one ("log.undo#2" → "log.undo"). */
export const neutralActionId = (slackActionId: string) => slackActionId.replace(/#\d+$/, "");

export interface SlackMessagePage {
  text: string;
  blocks: KnownBlock[];
}

export interface SlackRendering {
  pages: SlackMessagePage[];
  /** Files to upload with the message: its attachments and its drawn charts. */
  files: FileAttachment[];
}

export function renderSlackMessage(msg: OutgoingMessage, locale: Locale): SlackRendering {
  const actionIds = new Set<string>();
  // A posted message cannot open a modal by itself: a form travels as the button that opens it.
  const blocks: Block[] = msg.form
    ? [
        ...msg.blocks,
        {
          type: "actions",
          buttons: [
            {
              actionId: OPEN_FORM_ACTION,
              label: msg.form.title,
              value: msg.form.state ? `${msg.form.formId}:${msg.form.state}` : msg.form.formId,
              style: "primary",
            },
          ],
        },
      ]
    : msg.blocks;
  const rendered = blocks.map((block) => ({ block, slack: renderBlock(block, locale, actionIds) }));
  // Pack whole neutral blocks into pages, one block short of the limit to leave room for "Part n of m".
  const room = SLACK_LIMITS.blocksPerMessage - 1;
  const pages: { neutral: Block[]; slack: KnownBlock[] }[] = [];
  let current: { neutral: Block[]; slack: KnownBlock[] } = { neutral: [], slack: [] };
  for (const { block, slack } of rendered) {
    for (const part of chunk(slack, room)) {
      if (current.slack.length + part.length > room && current.slack.length > 0) {
        pages.push(current);
        current = { neutral: [], slack: [] };
      }
      current.neutral.push(block);
      current.slack.push(...part);
    }
  }
  if (current.slack.length > 0 || pages.length === 0) pages.push(current);

  const note = t(locale, "render.truncated");
  const charts: FileAttachment[] = msg.blocks.flatMap((b) =>
    b.type === "image" && b.png && !b.url
      ? [
          {
            name: `${(b.title ?? b.alt).replace(/[^\p{L}\p{N}._ -]+/gu, "").trim() || "chart"}.png`,
            mimeType: "image/png",
            content: b.png,
          },
        ]
      : [],
  );
  return {
    pages: pages.map((page, index) => {
      const blocks = [...page.slack];
      if (pages.length > 1) {
        const part = t(locale, "render.part", { n: index + 1, total: pages.length });
        blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: part, verbatim: true }] });
      }
      const text = pages.length === 1 ? msg.text : plainText(page.neutral);
      return { text: fitText(escapeSlack(text), SLACK_LIMITS.fallbackText, note), blocks };
    }),
    files: [...(msg.files ?? []), ...charts],
  };
}

function inputBlock(field: FormField): InputBlock {
  const element =
    field.kind === "select"
      ? {
          type: "static_select" as const,
          action_id: "value",
          options: (field.options ?? [])
            .slice(0, SLACK_LIMITS.optionsPerSelect)
            .map((o): PlainTextOption => ({ text: plain(o.label, SLACK_LIMITS.optionText), value: o.value })),
          ...(field.initial && field.options?.some((o) => o.value === field.initial)
            ? {
                initial_option: {
                  text: plain(
                    field.options.find((o) => o.value === field.initial)?.label ?? "",
                    SLACK_LIMITS.optionText,
                  ),
                  value: field.initial,
                },
              }
            : {}),
        }
      : {
          type: "plain_text_input" as const,
          action_id: "value",
          multiline: field.kind === "multiline",
          ...(field.initial ? { initial_value: field.initial } : {}),
          ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
        };
  return {
    type: "input",
    block_id: field.id,
    optional: field.optional ?? false,
    label: plain(field.label, 2000),
    ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
    element,
  };
}

export const FORM_CALLBACK_PREFIX = "form:";

/** A form as a Slack modal. The form id rides in callback_id, its state and reply channel in private_metadata. */
export function renderSlackModal(form: FormSpec, meta: { channelId?: string }): ModalView {
  const blocks: KnownBlock[] = [];
  if (form.intro)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(form.intro), verbatim: true }] });
  blocks.push(...form.fields.map(inputBlock));
  return {
    type: "modal",
    callback_id: `${FORM_CALLBACK_PREFIX}${form.formId}`,
    private_metadata: JSON.stringify({ state: form.state, channelId: meta.channelId }).slice(
      0,
      SLACK_LIMITS.privateMetadata,
    ),
    title: plain(form.title, SLACK_LIMITS.modalTitle),
    submit: plain(form.submitLabel, SLACK_LIMITS.modalTitle),
    close: plain("✕", SLACK_LIMITS.modalTitle),
    blocks: blocks.slice(0, SLACK_LIMITS.blocksPerView),
  };
}

/** The App Home tab: one long page (100 blocks), cut with a note rather than split. */
export function renderSlackHome(blocks: Block[], locale: Locale): HomeView {
  const actionIds = new Set<string>();
  let slack = blocks.flatMap((b) => renderBlock(b, locale, actionIds));
  if (slack.length > SLACK_LIMITS.blocksPerView) {
    slack = slack.slice(0, SLACK_LIMITS.blocksPerView - 1);
    slack.push({ type: "context", elements: [{ type: "mrkdwn", text: t(locale, "render.truncated") }] });
  }
  return { type: "home", blocks: slack };
}

export { plainText };
