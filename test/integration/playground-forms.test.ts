// Forms through the playground API (/standup, /target set, the "form.open" button), on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { action, command, postJson, startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

interface SerializedForm {
  formId: string;
  title: string;
  submitLabel: string;
  state?: string;
  fields: { id: string; kind: string; label: string }[];
}

describe.each(DATABASE_KINDS)("playground forms on %s", (kind) => {
  let app: Starling;
  const prisma = () => app.db.prisma;
  const member = async (handle: string) => prisma().member.findFirstOrThrow({ where: { handle } });
  const submit = (body: unknown) => postJson(`${app.url}/api/playground/form`, body);
  const formOf = (reply: Awaited<ReturnType<typeof command>>) =>
    (reply.messages[0] as { form?: SerializedForm | null } | undefined)?.form ?? null;
  const memberTargets = async (handle: string, metricKey: string) =>
    prisma().target.findMany({
      where: { scopeType: "member", scopeId: (await member(handle)).id, metricKey },
      include: { tiers: { orderBy: { rank: "asc" } } },
    });

  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("opens the standup form with /standup and stores the answers it sends back", async () => {
    const reply = await command(app, "sari", "/standup");
    const form = formOf(reply);
    expect(form?.formId).toBe("standup.answer");
    expect(form?.fields).toHaveLength(3);
    expect(form?.state).toBe("2026-11-23");
    const html = reply.messages[0]?.html ?? "";
    expect(html).toContain("<form");
    expect(html.match(/<textarea/g)).toHaveLength(3);
    expect(html).toContain('data-form-id="standup.answer"');
    expect(html).toContain('data-state="2026-11-23"');
    for (const field of form?.fields ?? []) expect(html).toContain(`data-error-for="${field.id}"`);

    const sari = await member("sari");
    const answers = () => prisma().standupAnswer.findMany({ where: { memberId: sari.id } });
    const before = (await answers()).length;
    const [first, second, third] = form?.fields.map((f) => f.id) ?? [];
    if (!first || !second || !third) throw new Error("the standup form has fewer than 3 questions");

    // Nothing answered: an error for a field, nothing stored, and still HTTP 200.
    const empty = await submit({
      as: "sari",
      formId: "standup.answer",
      values: { [first]: "", [second]: "  ", [third]: "" },
      state: form?.state,
    });
    expect(empty.status).toBe(200);
    expect(empty.body.ok).toBe(false);
    expect(Object.values(empty.body.errors)).toHaveLength(1);
    expect(Object.values(empty.body.errors)[0]).toContain("Answer at least one question");
    expect(await answers()).toHaveLength(before);

    const sent = await submit({
      as: "sari",
      formId: "standup.answer",
      values: { [first]: "Went live for 2 hours", [second]: "Film the lipstick review", [third]: "" },
      state: form?.state,
    });
    expect(sent.status).toBe(200);
    expect(sent.body.ok).toBe(true);
    expect(sent.body.messages).toHaveLength(1);
    expect(sent.body.messages[0].text).toContain("your standup for 2026-11-23");
    expect(sent.body.messages[0].form).toBeNull();
    expect(Array.isArray(sent.body.posts)).toBe(true);
    const stored = await answers();
    expect(stored).toHaveLength(before + 2);
    expect(stored.map((a) => a.answer).sort()).toEqual(["Film the lipstick review", "Went live for 2 hours"]);
    expect(stored.every((a) => a.localDate.toISOString().startsWith("2026-11-23"))).toBe(true);
  });

  it("opens the target form with /target set and sets, rejects and refuses targets through it", async () => {
    const reply = await command(app, "budi", "/target set");
    const form = formOf(reply);
    expect(form?.formId).toBe("target.set");
    expect(form?.fields.map((f) => f.id)).toEqual(["metric", "period", "tiers", "currency", "who", "weight"]);
    const html = reply.messages[0]?.html ?? "";
    expect(html).toContain('<select name="metric" required>');
    expect(html).toContain('<option value="month" selected>');
    expect(html).toContain('placeholder="40000/50000/65000"');

    const sari = await member("sari");
    const before = await memberTargets("sari", "orders");

    // A bad tier: the error is about the tiers field, and nothing changes.
    const bad = await submit({
      as: "budi",
      formId: "target.set",
      values: { metric: "orders", period: "month", tiers: "abc", who: "@sari" },
    });
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(Object.keys(bad.body.errors)).toEqual(["tiers"]);
    expect(await memberTargets("sari", "orders")).toEqual(before);

    const set = await submit({
      as: "budi",
      formId: "target.set",
      values: { metric: "orders", period: "month", tiers: "100/150", who: "@sari" },
    });
    expect(set.status).toBe(200);
    expect(set.body.ok).toBe(true);
    expect(set.body.messages[0].text).toContain("Target set");
    const targets = await memberTargets("sari", "orders");
    const target = targets.find((t) => t.periodStart.toISOString().startsWith("2026-11-01"));
    expect(target?.scopeId).toBe(sari.id);
    expect(target?.tiers.map((tier) => [tier.rank, Number(tier.value.toString())])).toEqual([
      [1, 100],
      [2, 150],
    ]);

    // A plain member cannot set targets: a friendly refusal (not a field error), and nothing stored.
    const dewiBefore = await memberTargets("dewi", "orders");
    const refused = await submit({
      as: "sari",
      formId: "target.set",
      values: { metric: "orders", period: "month", tiers: "10/20", who: "@dewi" },
    });
    expect(refused.status).toBe(200);
    expect(refused.body.ok).toBe(true);
    expect(refused.body.messages[0].text).toContain("Only leads and managers can set targets");
    expect(await memberTargets("dewi", "orders")).toEqual(dewiBefore);
  });

  it('opens a form from the "form.open" button', async () => {
    const reply = await action(app, "sari", "form.open", "standup.answer");
    const form = (reply.messages[0] as { form?: SerializedForm | null; html?: string } | undefined)?.form;
    expect(form?.formId).toBe("standup.answer");
    expect(form?.fields).toHaveLength(3);
  });

  it("answers a bad form body with 400 naming the field", async () => {
    const missing = await submit({ as: "sari", values: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain("formId");
    const unknownMember = await submit({ as: "nobody", formId: "standup.answer", values: {} });
    expect(unknownMember.status).toBe(404);
  });
});
