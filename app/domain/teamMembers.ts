// Team membership and 组长 (issue 15 §4, docs/decisions/160): the forms of the members page and the words of the
// team's history. Pure: shared by the browser and the actions.
import * as z from "zod/mini";
import type { IsoDate } from "./dates";

export const MEMBERSHIP_ROLE_LABELS = { MEMBER: "组员", LEADER: "组长" } as const;
export type MembershipRole = keyof typeof MEMBERSHIP_ROLE_LABELS;

const id = (message: string) =>
  z.pipe(z.string({ error: message }).check(z.regex(/^\d{1,9}$/, message)), z.transform(Number));
const version = z.pipe(
  z.string({ error: "页面已过期，请刷新后重试" }).check(z.regex(/^\d{1,9}$/, "页面已过期，请刷新后重试")),
  z.transform(Number),
);

/** One change of a team's members, posted from /teams/:id/members (the team's version as the user saw it). */
export const MemberChangeForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), userId: id("请选择要加入本组的人员"), version }),
  z.object({ intent: z.literal("remove"), userId: id("请选择成员"), version }),
  z.object({ intent: z.literal("leader"), userId: id("请选择成员"), version }),
  z.object({
    intent: z.literal("move"),
    userId: id("请选择成员"),
    toTeamId: id("请选择调入的服务小组"),
    version,
  }),
]);
export type MemberChange = z.output<typeof MemberChangeForm>;

/** What each change is called in the audit log (app/domain/auditLabels.ts has their Chinese labels). */
export const MEMBER_ACTIONS = {
  add: "MEMBER_ADD",
  remove: "MEMBER_REMOVE",
  move: "MEMBER_MOVE",
  leader: "TEAM_LEADER",
} as const satisfies Record<MemberChange["intent"], string>;

export interface MembershipRow {
  name: string;
  role: MembershipRole;
  fromOn: IsoDate;
  toOn: IsoDate | null;
}

/** A history row in words: "张三 · 组长 · 2017-03-28 至今". */
export function membershipPeriod(r: { fromOn: IsoDate; toOn: IsoDate | null }): string {
  return `${r.fromOn} 至 ${r.toOn ?? "今"}`;
}

/** The team's history, newest first: open rows before closed ones, later starts first. */
export function sortHistory<T extends { fromOn: IsoDate; toOn: IsoDate | null; id: number }>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      Number(a.toOn !== null) - Number(b.toOn !== null) ||
      (b.toOn ?? "").localeCompare(a.toOn ?? "") ||
      b.fromOn.localeCompare(a.fromOn) ||
      b.id - a.id,
  );
}

/** The 409 after someone else changed the team: what they did, in words. */
export function teamChangedMessage(last: { actor: string | null; what: string } | null): string {
  const said = last ? `${last.actor ?? "他人"}刚刚${last.what}` : "该小组刚刚已被他人调整";
  return `保存失败：${said}。请核对最新的成员名单后再操作。`;
}
