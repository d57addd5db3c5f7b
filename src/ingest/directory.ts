// Who and what a fact can be about, looked up once per request: teams by slug or name, shops by their platform id
// or name, members by handle. Lookups are case-insensitive except the shop id, which is an exact string.
import { pushTo } from "../domain/collections.js";
import { normalizeHandle } from "../members/repository.js";
import type { MemberProfile, TeamProfile } from "../members/types.js";

export interface ShopRef {
  id: string;
  teamId: string;
  name: string;
  externalId: string;
  /** The shop's own zone: its days (and when they are over) are local to it. */
  timezone: string;
}

export type Found<T> = { found: T } | { missing: string };

export interface Directory {
  team(ref: string): Found<TeamProfile>;
  shop(ref: string): Found<{ shop: ShopRef; team: TeamProfile }>;
  member(ref: string): Found<{ member: MemberProfile; team: TeamProfile }>;
}

const fold = (s: string) => s.trim().toLowerCase();

export function createDirectory(input: {
  teams: TeamProfile[];
  shops: ShopRef[];
  members: MemberProfile[];
}): Directory {
  const teamsById = new Map(input.teams.map((t) => [t.id, t]));
  const teams = new Map<string, TeamProfile>();
  for (const t of input.teams) teams.set(fold(t.name), t);
  // Slugs win over names, like /kpi team: "ID-beauty" always means that team.
  for (const t of input.teams) teams.set(fold(t.slug), t);
  const shopsById = new Map(input.shops.map((s) => [s.externalId, s]));
  const shopsByName = new Map<string, ShopRef[]>();
  for (const s of input.shops) pushTo(shopsByName, fold(s.name), s);
  const members = new Map(input.members.map((m) => [m.handle, m]));
  const teamList = input.teams.map((t) => t.slug).join(", ") || "none yet";

  return {
    team(ref) {
      const team = teams.get(fold(ref));
      return team ? { found: team } : { missing: `no team “${ref}”; teams are ${teamList}` };
    },
    shop(ref) {
      const byId = shopsById.get(ref.trim());
      const named = byId ? [byId] : (shopsByName.get(fold(ref)) ?? []);
      if (named.length > 1) return { missing: `${named.length} shops are called “${ref}”: send the shop id instead` };
      const shop = named[0];
      const team = shop && teamsById.get(shop.teamId);
      if (!shop || !team) return { missing: `no shop with the id or name “${ref}” in this workspace` };
      return { found: { shop, team } };
    },
    member(ref) {
      const handle = normalizeHandle(ref);
      const member = members.get(handle);
      if (!member) return { missing: `no active member @${handle} in this workspace` };
      const team = member.team && teamsById.get(member.team.id);
      if (!team) return { missing: `@${handle} is in no team, so their facts have no team to count for` };
      return { found: { member, team } };
    },
  };
}
