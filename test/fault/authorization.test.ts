// The fault suite's promise about authorization, on both databases: every button and every form Starling
// registers refuses a forged payload, one naming an object of another team or of another workspace. The forger
// is a member of another team of the same workspace, or a manager of a second workspace; each refusal is audited
// (an AuditLog row with allowed = false), and nothing changes. The cases are keyed by the dispatcher's own list
// of actions and forms, so a new button or form without a case here fails this file. Then the command paths the
// issue found: /log contact, /creator note|stage|assign|show, /alert ack|snooze|assign|remove, /target, /kpi,
// /export and /kpi link, typed by someone who may not touch the object.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPEN_FORM_ACTION } from "../../src/chat/dispatcher.js";
import type { OutgoingMessage } from "../../src/chat/message.js";
import type { Starling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { FIXED_NOW, startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

type Forger = "otherTeam" | "otherWorkspace";

/** What a forged payload looks like for one button or form, and what a refusal must show. */
interface ForgeCase {
  /** The payload a forger sends: an action value, or a form's values and state. */
  forge(objects: Objects): { value?: string; values?: Record<string, string>; state?: string };
  /** The audited action name, per forger; null where the payload cannot even name the other object (see why). */
  audited: Record<Forger, string | null>;
  /** Why a refusal is not a PermissionDenied, where it is not. */
  why?: string;
}

interface Objects {
  logId: string;
  groupKey: string;
  linkCode: string;
  questionIds: string[];
  today: string;
}

const texts = (messages: OutgoingMessage | OutgoingMessage[]) =>
  (Array.isArray(messages) ? messages : [messages])
    .flatMap((m) => m.blocks.map((b) => ("text" in b ? b.text : "")))
    .join("\n");

/** Every registered button: a case each. */
const ACTION_CASES: Record<string, ForgeCase> = {
  "log.undo": {
    forge: (o) => ({ value: o.logId }),
    audited: { otherTeam: "log.undo", otherWorkspace: "log.undo" },
  },
  "alert.ack": {
    forge: (o) => ({ value: o.groupKey }),
    audited: { otherTeam: "alert.handle", otherWorkspace: "alert.handle" },
  },
  "alert.snooze": {
    forge: (o) => ({ value: `${o.groupKey}|60` }),
    audited: { otherTeam: "alert.handle", otherWorkspace: "alert.handle" },
  },
  "link.confirm": {
    forge: (o) => ({ value: o.linkCode }),
    audited: { otherTeam: "identity.link_confirm", otherWorkspace: "identity.link_confirm" },
  },
  "link.reject": {
    forge: (o) => ({ value: o.linkCode }),
    audited: { otherTeam: "identity.link_reject", otherWorkspace: "identity.link_reject" },
  },
};

/** Every registered form, submitted (and opened, through the form.open button) with a forged payload. */
const FORM_CASES: Record<string, ForgeCase> = {
  "alert.assign": {
    forge: (o) => ({ state: o.groupKey, values: { assignee: "sari" } }),
    audited: { otherTeam: "alert.handle", otherWorkspace: "alert.handle" },
  },
  "target.set": {
    forge: () => ({ values: { metric: "gmv_gross", period: "month", tiers: "1/2/3", who: "@sari" } }),
    audited: { otherTeam: "target.set", otherWorkspace: null },
    why: "a target names its member by handle, looked up in the forger's own workspace: @sari of another workspace cannot be named, so the answer is 'no member @sari'",
  },
  "standup.answer": {
    forge: (o) => ({ state: o.today, values: Object.fromEntries(o.questionIds.map((id) => [id, "forged answer"])) }),
    audited: { otherTeam: null, otherWorkspace: null },
    why: "the form carries only a date; answers are kept only for the questions of the member's own team, so another team's question ids store nothing",
  },
};

describe.each(DATABASE_KINDS)("authorization on %s", (kind) => {
  let app: Starling;
  let objects: Objects;
  const forgers = {} as Record<Forger, MemberProfile>;
  const people = {} as Record<string, MemberProfile>;
  const prisma = () => app.db.prisma;

  const run = (as: MemberProfile, text: string, conversation: "direct" | "group" = "direct") =>
    app.dispatcher.dispatch({ member: as, text, platform: "playground", conversation });

  /** Everything a forged payload could touch, read back whole: equal before and after means nothing changed. */
  async function snapshot() {
    const db = prisma();
    return JSON.stringify({
      logs: await db.contentLog.findMany({ orderBy: { id: "asc" } }),
      alerts: await db.alertEvent.findMany({ where: { groupKey: objects.groupKey }, orderBy: { id: "asc" } }),
      links: await db.memberLink.findMany({ orderBy: { id: "asc" } }),
      members: await db.member.findMany({ orderBy: { id: "asc" } }),
      targets: await db.target.findMany({ orderBy: { id: "asc" } }),
      answers: await db.standupAnswer.findMany({ orderBy: { id: "asc" } }),
      creators: await db.creator.findMany({ orderBy: { id: "asc" } }),
      contacts: await db.creatorContact.count(),
      notes: await db.creatorNote.count(),
      stageChanges: await db.creatorStageChange.count(),
      rules: await db.alertRule.findMany({ orderBy: { id: "asc" } }),
    });
  }

  const denials = (actor: MemberProfile) =>
    prisma().auditLog.findMany({ where: { actorId: actor.id, allowed: false }, orderBy: { at: "asc" } });

  /** Runs a forged attempt and checks: refused, audited as `action` (unless null), nothing changed. */
  async function expectRefused(forger: MemberProfile, action: string | null, attempt: () => Promise<string>) {
    const before = await snapshot();
    const seen = (await denials(forger)).length;
    const reply = await attempt();
    expect(reply, "the member is told it was refused").toMatch(/^⚠️/);
    expect(reply).not.toMatch(/✅|↩️|🎯|Acknowledged|Snoozed|📝 Saved/);
    expect(await snapshot(), "nothing changed").toBe(before);
    const after = await denials(forger);
    if (action === null) {
      expect(after.length).toBe(seen);
    } else {
      expect(after.length, `one audited denial of ${action}`).toBe(seen + 1);
      expect(after.at(-1)).toMatchObject({ action, allowed: false, workspaceId: forger.workspaceId });
    }
    return reply;
  }

  beforeAll(async () => {
    app = await startTestApp(kind);
    const db = prisma();
    const workspaceA = (await db.workspace.findFirstOrThrow()).id;
    const member = async (ws: string, handle: string) => {
      const found = await app.services.members.findByHandle(ws, handle);
      if (!found) throw new Error(`no member ${handle}`);
      return found;
    };
    for (const handle of ["sari", "ploy", "nok", "budi", "ava"]) people[handle] = await member(workspaceA, handle);

    // A second workspace with its own team and manager: nothing in the first may be reachable from here.
    const other = await db.workspace.create({ data: { name: "Other Co" } });
    const team = await db.team.create({
      data: {
        workspaceId: other.id,
        slug: "VN-fashion",
        name: "Vietnam Fashion",
        market: "VN",
        timezone: "Asia/Ho_Chi_Minh",
        currency: "VND",
      },
    });
    await db.member.create({
      data: { workspaceId: other.id, teamId: team.id, handle: "linh", displayName: "Linh", role: "manager" },
    });
    forgers.otherTeam = people.ploy as MemberProfile;
    forgers.otherWorkspace = await member(other.id, "linh");

    // Objects of team ID-beauty in the first workspace: Sari's log, an open alert, a pending link request.
    const logged = await run(people.sari as MemberProfile, "/log video 1 #forge");
    const undo = logged[0]?.blocks
      .flatMap((b) => ("buttons" in b ? b.buttons : []))
      .find((b) => b.actionId === "log.undo");
    const idBeauty = await db.team.findFirstOrThrow({ where: { workspaceId: workspaceA, slug: "ID-beauty" } });
    const event = await db.alertEvent.create({
      data: {
        workspaceId: workspaceA,
        teamId: idBeauty.id,
        metricKey: "gmv_gross",
        scopeType: "team",
        scopeId: idBeauty.id,
        incidentKey: `forge-test-${kind}`,
        firstDate: new Date(`${FIXED_NOW.toISODate()}T00:00:00Z`),
        lastDate: new Date(`${FIXED_NOW.toISODate()}T00:00:00Z`),
        severity: "warning",
        observed: "100",
        expected: "200",
      },
    });
    await db.alertEvent.update({ where: { id: event.id }, data: { groupKey: event.id } });
    const newcomer = await db.member.create({
      data: { workspaceId: workspaceA, teamId: idBeauty.id, handle: "newcomer", displayName: "New Comer" },
    });
    const link = await db.memberLink.create({
      data: {
        workspaceId: workspaceA,
        platform: "slack",
        platformUserId: "UNEW",
        memberId: newcomer.id,
        code: "FRG234",
      },
    });
    objects = {
      logId: undo?.value ?? "",
      groupKey: event.id,
      linkCode: link.code,
      questionIds: (await app.services.standup.questionsFor(idBeauty.id)).map((q) => q.id),
      today: FIXED_NOW.setZone(idBeauty.timezone).toISODate() as string,
    };
    expect(objects.logId).not.toBe("");
    expect(objects.questionIds.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("has a forged-payload case for every registered button and form", () => {
    expect(app.dispatcher.actions.map((a) => a.actionId).sort()).toEqual(Object.keys(ACTION_CASES).sort());
    expect(app.dispatcher.forms.map((f) => f.formId).sort()).toEqual(Object.keys(FORM_CASES).sort());
  });

  for (const forger of ["otherTeam", "otherWorkspace"] as const) {
    const who = forger === "otherTeam" ? "a member of another team" : "a manager of another workspace";

    for (const [actionId, c] of Object.entries(ACTION_CASES)) {
      it(`refuses the ${actionId} button forged by ${who}, audited, nothing changed`, async () => {
        const { value = "" } = c.forge(objects);
        const member = forgers[forger];
        await expectRefused(member, c.audited[forger], async () =>
          texts(await app.dispatcher.dispatchAction({ member, actionId, value, platform: "playground" })),
        );
      });
    }

    for (const [formId, c] of Object.entries(FORM_CASES)) {
      it(`refuses the ${formId} form submitted with a forged payload by ${who}${c.audited[forger] ? ", audited" : ""}, nothing changed`, async () => {
        const { values = {}, state } = c.forge(objects);
        const member = forgers[forger];
        await expectRefused(member, c.audited[forger], async () => {
          const result = await app.dispatcher.submitForm({ member, formId, values, state, platform: "playground" });
          return result.ok ? texts(result.message) : `⚠️ ${Object.values(result.errors).join("\n")}`;
        });
      });
    }

    it(`refuses to open the alert.assign form on another's alert for ${who}, audited`, async () => {
      const member = forgers[forger];
      const reply = await expectRefused(member, "alert.handle", async () =>
        texts(
          await app.dispatcher.dispatchAction({
            member,
            actionId: OPEN_FORM_ACTION,
            value: `alert.assign:${objects.groupKey}`,
            platform: "playground",
          }),
        ),
      );
      // The refusal lists nobody of the other team.
      expect(reply).not.toContain("@sari");
    });
  }

  describe("command paths", () => {
    const creator = "forgecreator";
    beforeAll(async () => {
      const sari = people.sari as MemberProfile;
      await run(sari, `/creator add @${creator} ID beauty`);
      await run(sari, `/log contact @${creator} whatsapp sent`);
    });

    it("refuses /log contact … declined on another team's creator (the same as /creator stage), audited", async () => {
      const ploy = people.ploy as MemberProfile;
      const reply = await expectRefused(ploy, "creator.contact", async () =>
        texts(await run(ploy, `/log contact @${creator} whatsapp declined`)),
      );
      expect(reply).toContain(`Only the owner of @${creator}`);
      await expectRefused(ploy, "creator.stage", async () =>
        texts(await run(ploy, `/creator stage @${creator} declined`)),
      );
      expect((await prisma().creator.findFirstOrThrow({ where: { handle: creator } })).stage).toBe("contacted");
    });

    it("refuses /creator note, /creator show and /creator assign across teams, audited", async () => {
      const ploy = people.ploy as MemberProfile;
      await expectRefused(ploy, "creator.note", async () =>
        texts(await run(ploy, `/creator note @${creator} mine now`)),
      );
      await expectRefused(ploy, "creator.show", async () => texts(await run(ploy, `/creator show @${creator}`)));
      // A lead of another team may not take the creator for their own team.
      const nok = people.nok as MemberProfile;
      await expectRefused(nok, "creator.assign", async () =>
        texts(await run(nok, `/creator assign @${creator} @ploy`)),
      );
      // Finding stays open, so two teams never court the same creator unknowingly: it says who owns it.
      expect(texts(await run(ploy, `/creator find ${creator}`))).toContain("@sari");
    });

    it("refuses /alert ack, snooze and assign on another team's or workspace's alert, audited", async () => {
      for (const member of [forgers.otherTeam, forgers.otherWorkspace]) {
        for (const line of [
          `/alert ack ${objects.groupKey}`,
          `/alert snooze ${objects.groupKey} 12h`,
          `/alert assign ${objects.groupKey} @sari`,
        ]) {
          await expectRefused(member, "alert.handle", async () => texts(await run(member, line)));
        }
      }
    });

    it("refuses another team's alert rules, targets, KPIs, exports and link requests, audited", async () => {
      const budi = people.budi as MemberProfile;
      const added = texts(await run(budi, "/alert add return_rate > 9% team ID-beauty"));
      const ruleId = /#(\w+)/.exec(added)?.[1] ?? added;
      const nok = people.nok as MemberProfile;
      const ploy = people.ploy as MemberProfile;
      // Another team's rule is refused before anything is read of it: its team is not the lead's to view.
      await expectRefused(nok, "alert.view_team", async () => texts(await run(nok, `/alert remove ${ruleId}`)));
      await expectRefused(nok, "alert.view_team", async () => texts(await run(nok, `/alert mute ${ruleId} 12h`)));
      await expectRefused(nok, "target.set", async () => texts(await run(nok, "/target set gmv month 1/2/3 @sari")));
      await expectRefused(nok, "target.set", async () =>
        texts(await run(nok, "/target clear gmv month team ID-beauty")),
      );
      await expectRefused(ploy, "kpi.view_member", async () => texts(await run(ploy, "/kpi @sari")));
      await expectRefused(ploy, "export.member", async () => texts(await run(ploy, "/export facts 2026-10 @sari")));
      await expectRefused(nok, "export.team", async () => texts(await run(nok, "/export creators team ID-beauty")));
      await expectRefused(ploy, "identity.link_confirm", async () =>
        texts(await run(ploy, `/kpi link confirm ${objects.linkCode}`)),
      );
    });

    it("an admin of another workspace is refused another workspace's link code, worded as unknown, and audited", async () => {
      const linh = forgers.otherWorkspace;
      await prisma().member.update({ where: { id: linh.id }, data: { role: "admin" } });
      const admin = (await app.services.members.findById(linh.id)) as MemberProfile;
      try {
        for (const verb of ["confirm", "reject"] as const) {
          const reply = await expectRefused(admin, `identity.link_${verb}`, async () =>
            texts(await run(admin, `/kpi link ${verb} ${objects.linkCode}`)),
          );
          expect(reply).toContain(objects.linkCode);
          // The same words as a code that exists nowhere.
          const unknown = texts(await run(admin, `/kpi link ${verb} ZZZZZZ`)).replace("ZZZZZZ", objects.linkCode);
          expect(reply.split("\n")[0]).toBe(unknown.split("\n")[0]);
        }
      } finally {
        await prisma().member.update({ where: { id: linh.id }, data: { role: "manager" } });
      }
    });

    it("a manager of another workspace cannot name this workspace's creators, members or teams at all", async () => {
      const linh = forgers.otherWorkspace;
      const before = await prisma().creator.findFirstOrThrow({ where: { handle: creator } });
      expect(texts(await run(linh, `/creator show @${creator}`))).toContain(`There is no creator @${creator}`);
      expect(texts(await run(linh, "/kpi @sari"))).toContain("I can't find a member @sari in this workspace");
      expect(texts(await run(linh, "/kpi team ID-beauty"))).toContain("Teams: VN-fashion");
      expect(await prisma().creator.findFirstOrThrow({ where: { handle: creator } })).toEqual(before);
    });
  });
});
