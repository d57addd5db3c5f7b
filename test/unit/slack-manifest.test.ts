// The manifest a workspace admin pastes must match what the app answers: every slash command in it has a
// handler, every handler is in it, and it grants the scopes and events the Slack adapter uses.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alertCommand } from "../../handlers/commands/alert.js";
import { creatorCommand } from "../../handlers/commands/creator.js";
import { exportCommand } from "../../handlers/commands/export.js";
import { importCommand } from "../../handlers/commands/import.js";
import { ingestCommand } from "../../handlers/commands/ingest.js";
import { kpiCommand } from "../../handlers/commands/kpi.js";
import { logCommand } from "../../handlers/commands/log.js";
import { shopCommand } from "../../handlers/commands/shop.js";
import { standupCommand } from "../../handlers/commands/standup.js";
import { targetCommand } from "../../handlers/commands/target.js";

const manifest = readFileSync(join(import.meta.dirname, "../../manifest.yml"), "utf8");
const source = (path: string) => readFileSync(join(import.meta.dirname, "../..", path), "utf8");
const HANDLERS = [
  kpiCommand,
  logCommand,
  targetCommand,
  standupCommand,
  creatorCommand,
  alertCommand,
  exportCommand,
  importCommand,
  ingestCommand,
  shopCommand,
];

/** Indented "- item" lines under a "key:" line (enough YAML for this file, without a YAML dependency). */
function listUnder(key: string): string[] {
  const lines = manifest.split("\n");
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  if (start < 0) return [];
  const indent = (lines[start] ?? "").search(/\S/);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (line.search(/\S/) <= indent) break;
    const item = /^\s*-\s+(?:command:\s*)?(\S+)/.exec(line);
    if (item?.[1]) items.push(item[1]);
  }
  return items;
}

describe("manifest.yml", () => {
  it("lists exactly the commands the app has handlers for", () => {
    const inManifest = listUnder("slash_commands").sort();
    expect(inManifest).toEqual(HANDLERS.map((h) => `/${h.name}`).sort());
  });

  it("covers every handler the composition root registers, and registers every one listed here", () => {
    const registered = /handlers: \[([^\]]*)\]/.exec(source("src/main.ts"))?.[1] ?? "";
    const names = registered
      .split(",")
      .map((n) => n.trim().replace(/Command$/, ""))
      .filter(Boolean);
    expect(names.sort()).toEqual(HANDLERS.map((h) => h.name).sort());
  });

  it("sends commands, interactivity and events to /slack/events", () => {
    const urls = [...manifest.matchAll(/^\s*(?:url|request_url):\s*(.+)$/gm)].map((m) => m[1]?.trim());
    expect(urls.length).toBeGreaterThanOrEqual(HANDLERS.length + 2);
    for (const url of urls) expect(url).toBe("https://<your host>/slack/events");
  });

  it("grants the scopes for every Web API method the adapter calls, and subscribes to the events it handles", () => {
    const adapter = ["src/chat/slack-app.ts", "src/chat/slack-platform.ts"].map(source).join("\n");
    const scopes = listUnder("bot");
    const needs: [RegExp, string][] = [
      [/chat\.(postMessage|update)/, "chat:write"],
      [/conversations\.open/, "im:write"],
      [/filesUploadV2/, "files:write"],
      [/users\.info/, "users:read"],
      [/users\.info/, "users:read.email"],
      [/app\.command/, "commands"],
    ];
    for (const [call, scope] of needs) {
      expect(call.test(adapter), `${call} is used`).toBe(true);
      expect(scopes, `${scope} for ${call}`).toContain(scope);
    }
    const events = [...adapter.matchAll(/app\.event\("([a-z_]+)"/g)].map((m) => m[1]);
    expect(events.length).toBeGreaterThan(0);
    expect(listUnder("bot_events").sort()).toEqual([...new Set(events)].sort());
    expect(manifest).toMatch(/home_tab_enabled: true/);
  });
});
