// 推介活动 of the demo (issue 22 item 4, docs/decisions/181): the 2017 推介会 in 北京, 天津 and 深圳 the report's
// 京津冀 / 天津合作 / eastern-provinces push implies, an energy expo and a 长三角 delegation. The leads that came out
// of each are the seeded leads of its region (an expo: those met at an expo) first contacted within 45 days after
// it; the attendees are those leads' investors and a few more (demonstration names, registered as 客商 too —
// decision 195). Nothing random: the leads and every random stream stay as they were.
import type { LeadDraft } from "./leads.ts";
import type { SourceRegion } from "./enterprises.ts";
import { addDays, type IsoDate } from "./time.ts";

export interface EventDraft {
  name: string;
  kind: "PROMOTION" | "EXPO" | "DELEGATION";
  city: string;
  venue: string;
  heldOn: IsoDate;
  organiser: string;
  /** 万元 */
  budget: number;
  note: string;
  /** Which leads came out of it. */
  matches: (l: LeadDraft) => boolean;
  /** Other attending 客商 (no lead from the event): registered as city investors with the person who came. */
  others: { company: string; people: string; region: SourceRegion }[];
}

const region = (r: SourceRegion) => (l: LeadDraft) => l.sourceRegion === r && l.method !== "EXPO";

export const EVENTS: readonly EventDraft[] = [
  {
    name: "2017晋中市（北京）招商引资推介会",
    kind: "PROMOTION",
    city: "北京",
    venue: "北京国际饭店会议中心",
    heldOn: "2017-04-28",
    organiser: "晋中市人民政府、晋中市投资促进局",
    budget: 85,
    note: "面向京津冀的精准招商推介，发布招商地图和差异化优惠政策",
    matches: region("JINGJINJI"),
    others: [
      { company: "北京中科创新产业投资有限公司", people: "王建国（副总经理）", region: "JINGJINJI" },
      { company: "北京燕山新材料集团有限公司", people: "刘芳（投资部经理）", region: "JINGJINJI" },
    ],
  },
  {
    name: "2017晋中·深圳产业合作推介会",
    kind: "PROMOTION",
    city: "深圳",
    venue: "深圳会展中心五楼牡丹厅",
    heldOn: "2017-06-09",
    organiser: "晋中市投资促进局",
    budget: 90,
    note: "珠三角电子信息、新能源汽车零部件产业专场",
    matches: region("PEARL_DELTA"),
    others: [
      { company: "深圳前海科创投资有限公司", people: "陈志强（董事长）", region: "PEARL_DELTA" },
      { company: "东莞松湖智能装备有限公司", people: "黄伟（总经理）", region: "PEARL_DELTA" },
    ],
  },
  {
    name: "长三角客商晋中行",
    kind: "DELEGATION",
    city: "晋中",
    venue: "晋中国际会展中心及各县区园区",
    heldOn: "2017-07-14",
    organiser: "晋中市投资促进局、各县区招商部门",
    budget: 25,
    note: "长三角企业家考察团来晋考察，分三线考察开发区、山西农谷和县城园区",
    matches: region("YANGTZE_DELTA"),
    others: [{ company: "上海浦江产业投资有限公司", people: "周敏（投资总监）", region: "YANGTZE_DELTA" }],
  },
  {
    name: "2017晋中·天津合作交流推介会",
    kind: "PROMOTION",
    city: "天津",
    venue: "天津滨海新区于家堡金融区会议中心",
    heldOn: "2017-08-02",
    organiser: "晋中市人民政府、天津市滨海新区合作交流办",
    budget: 60,
    note: "落实津晋合作协议，港口物流、装备制造、新材料对接",
    matches: region("TIANJIN"),
    others: [
      { company: "天津泰港物流投资有限公司", people: "李强（副总裁）", region: "TIANJIN" },
      { company: "天津滨海装备产业园有限公司", people: "赵磊（招商部部长）", region: "TIANJIN" },
    ],
  },
  {
    name: "中国（太原）国际能源产业博览会晋中展区",
    kind: "EXPO",
    city: "太原",
    venue: "山西国际会展中心",
    heldOn: "2017-09-01",
    organiser: "晋中市投资促进局、晋中经济技术开发区",
    budget: 150,
    note: "晋中展区布展及项目集中洽谈",
    matches: (l) => l.method === "EXPO",
    others: [{ company: "大唐新能源投资有限公司", people: "孙杰（项目经理）", region: "JINGJINJI" }],
  },
];

/** Leads (indexes into `leads`) per event: first contact within 45 days after it, each lead at most once. */
export function eventLeads(leads: readonly LeadDraft[]): number[][] {
  const taken = new Set<number>();
  return EVENTS.map((e) => {
    const idx: number[] = [];
    leads.forEach((l, i) => {
      if (taken.has(i) || !e.matches(l)) return;
      if (l.firstContact < e.heldOn || l.firstContact > addDays(e.heldOn, 45)) return;
      idx.push(i);
      taken.add(i);
    });
    return idx;
  });
}
