// 招商线索: the pre-signing pipeline in every stage; signed leads point at the project they became.
// Prospective investors are generated names (demonstration data).
import { COUNTY_INDUSTRIES, METHOD_WEIGHTS, STEMS } from "./attraction.ts";
import { enterpriseDef, sourceRegionOf, type SourceRegion } from "./enterprises.ts";
import { COUNTIES, type IndustryCode } from "./reference.ts";
import { Rng, roundTo } from "./rng.ts";
import { addDays, AS_OF, cst, daysBetween, iso, maxIso, minIso, randomWorkday, type IsoDate } from "./time.ts";
import type { AttractionMethod, ProjectSpec } from "./types.ts";

export type LeadStage = "CONTACT" | "INSPECTION" | "NEGOTIATION" | "SIGNED" | "ABANDONED";

export interface LeadDraft {
  name: string;
  ent: string | null;
  enterpriseName: string;
  sourceRegion: SourceRegion;
  method: AttractionMethod;
  industry: IndustryCode;
  county: string;
  expected: number;
  stage: LeadStage;
  abandonReason: string | null;
  owner: string;
  nextFollowUp: IsoDate | null;
  firstContact: IsoDate;
  stageChangedAt: Date;
  convertedCode: string | null;
  note: string | null;
  /** Stage history (docs/decisions/180): first contact, then each move, the last one at stageChangedAt. */
  history: StageChange[];
}

export interface StageChange {
  from: LeadStage | null;
  to: LeadStage;
  at: Date;
}

const PROSPECTS: readonly (readonly [string, string, string, IndustryCode])[] = [
  ["北京中关村智联科技有限公司", "智联科技", "北京市", "ICT"],
  ["北京华夏绿能投资有限公司", "华夏绿能", "北京市", "ENERGY"],
  ["北京京西文旅集团有限公司", "京西文旅", "北京市", "TOURISM"],
  ["北京金泰医药集团有限公司", "金泰医药", "北京市", "BIOMED"],
  ["北京东方冷链物流有限公司", "东方冷链", "北京市", "LOGISTICS"],
  ["天津港航物流集团有限公司", "港航物流", "天津市", "LOGISTICS"],
  ["天津海河装备制造有限公司", "海河装备", "天津市", "EQUIP"],
  ["天津津滨新材料有限公司", "津滨新材料", "天津市", "MATERIAL"],
  ["天津渤化精细化工有限公司", "渤化精细", "天津市", "COALCHEM"],
  ["河北燕赵农业科技有限公司", "燕赵农业", "河北省石家庄市", "AGRI"],
  ["保定恒远汽车部件有限公司", "恒远汽配", "河北省保定市", "EQUIP"],
  ["上海张江微电子有限公司", "张江微电子", "上海市", "ICT"],
  ["上海浦申供应链有限公司", "浦申供应链", "上海市", "LOGISTICS"],
  ["上海华东康养产业集团有限公司", "华东康养", "上海市", "TOURISM"],
  ["苏州吴中精密制造有限公司", "吴中精密", "江苏省苏州市", "EQUIP"],
  ["常州金坛新能源科技有限公司", "金坛新能源", "江苏省常州市", "ENERGY"],
  ["南京紫金智能装备有限公司", "紫金智能", "江苏省南京市", "EQUIP"],
  ["无锡太湖环保集团有限公司", "太湖环保", "江苏省无锡市", "ENVIRO"],
  ["宁波甬江新材料有限公司", "甬江新材料", "浙江省宁波市", "MATERIAL"],
  ["杭州钱塘数字科技有限公司", "钱塘数字", "浙江省杭州市", "ICT"],
  ["温州瓯江汽配有限公司", "瓯江汽配", "浙江省温州市", "EQUIP"],
  ["义乌商城物流有限公司", "义乌物流", "浙江省金华市", "LOGISTICS"],
  ["深圳前海新能源汽车有限公司", "前海新能源", "广东省深圳市", "EQUIP"],
  ["广州珠江食品集团有限公司", "珠江食品", "广东省广州市", "FOOD"],
  ["佛山南海铝业有限公司", "南海铝业", "广东省佛山市", "MATERIAL"],
  ["珠海横琴文旅投资有限公司", "横琴文旅", "广东省珠海市", "TOURISM"],
  ["潍坊鲁中农业发展有限公司", "鲁中农业", "山东省潍坊市", "AGRI"],
  ["烟台滨海生物科技有限公司", "滨海生物", "山东省烟台市", "BIOMED"],
  ["泉州闽南食品有限公司", "闽南食品", "福建省泉州市", "FOOD"],
  ["郑州中原物流港有限公司", "中原物流港", "河南省郑州市", "LOGISTICS"],
  ["长沙湘江重工有限公司", "湘江重工", "湖南省长沙市", "EQUIP"],
  ["成都天府文旅集团有限公司", "天府文旅", "四川省成都市", "TOURISM"],
  ["太原晋阳科技有限公司", "晋阳科技", "山西省太原市", "ICT"],
  ["大同北岳新能源有限公司", "北岳新能源", "山西省大同市", "ENERGY"],
  ["吕梁山食品有限公司", "吕梁山食品", "山西省吕梁市", "FOOD"],
  ["香港嘉华实业投资有限公司", "嘉华实业", "香港特别行政区", "TRADE"],
  ["昆山台联电子有限公司", "台联电子", "台湾地区", "ICT"],
  ["西安古城文化投资有限公司", "古城文投", "陕西省西安市", "TOURISM"],
  ["合肥庐州智能制造有限公司", "庐州智造", "安徽省合肥市", "EQUIP"],
  ["武汉江城新材料有限公司", "江城新材料", "湖北省武汉市", "MATERIAL"],
];

/** Follow-ups of existing investors (enterprise_id set): next phases the bureau is negotiating. */
const EXISTING: readonly {
  ent: string;
  name: string;
  industry: IndustryCode;
  county: string;
  stage: LeadStage;
  expected: number;
}[] = [
  {
    ent: "geely",
    name: "吉利新能源商用车（二期）",
    industry: "EQUIP",
    county: "etdz",
    stage: "NEGOTIATION",
    expected: 300_000,
  },
  { ent: "yili", name: "伊利万头奶牛牧场", industry: "AGRI", county: "nonggu", stage: "INSPECTION", expected: 60_000 },
  {
    ent: "hqc",
    name: "华侨城平遥古城文化旅游",
    industry: "TOURISM",
    county: "pingyao",
    stage: "NEGOTIATION",
    expected: 400_000,
  },
  {
    ent: "shanshan",
    name: "杉杉锂电池负极材料",
    industry: "MATERIAL",
    county: "etdz",
    stage: "CONTACT",
    expected: 200_000,
  },
  {
    ent: "xiexin",
    name: "协鑫寿阳光伏（三期）",
    industry: "ENERGY",
    county: "shouyang",
    stage: "CONTACT",
    expected: 300_000,
  },
  {
    ent: "wanda",
    name: "万达文化旅游城",
    industry: "TOURISM",
    county: "yuci",
    stage: "ABANDONED",
    expected: 1_000_000,
  },
];

const ABANDON_REASONS: readonly string[] = [
  "企业战略调整，暂缓在晋投资",
  "项目用地指标无法满足企业要求",
  "环评要求高，项目不符合大气污染防治要求",
  "外省优惠政策更具吸引力，企业选择落户他地",
  "企业资金链紧张，无力推进",
  "属产能过剩行业，不符合国家产业政策",
  "企业对用电价格预期未能达成一致",
  "项目市场前景论证不充分，企业主动放弃",
];

const NOTES: Record<LeadStage, readonly string[]> = {
  CONTACT: [
    "经商会推荐初步接触，已寄送招商地图和产业政策",
    "在京津冀产业对接会上接洽，企业有意向考察",
    "通过专业招商机构对接，待企业确定考察时间",
  ],
  INSPECTION: [
    "已组织企业赴开发区和县城园区实地考察",
    "企业高管来晋考察，重点关注用地和电价",
    "已完成首轮考察，企业正在编制可研报告",
  ],
  NEGOTIATION: [
    "投资协议文本已进入第二轮磋商",
    "土地出让方式和分期缴纳方案正在洽谈",
    "已按差异化优惠政策提出奖补方案，待企业反馈",
  ],
  SIGNED: ["已在集中签约活动中签约", "签约后移交服务小组跟进落地"],
  ABANDONED: ["经多轮洽谈未能达成一致", "企业书面告知放弃投资"],
};

function expectedAmount(rng: Rng): number {
  return rng.weighted([
    [rng.int(30, 300) * 100, 50],
    [rng.int(300, 1500) * 100, 35],
    [rng.int(1500, 6000) * 100, 15],
  ] as const);
}

export function buildLeads(projects: readonly ProjectSpec[]): LeadDraft[] {
  const rng = Rng.stream("leads");
  const out: LeadDraft[] = [];
  const prospects = rng.shuffle(PROSPECTS);
  const owner = (county: string) => (rng.chance(0.5) ? "bureau" : `county.${county}`);
  const at = (d: IsoDate) => cst(d, rng.int(9, 17), rng.int(0, 59));

  // Signed: converted into 2017 attraction projects signed from March on (first contact still in 2017).
  const convertible = projects.filter(
    (p) =>
      p.origin === "ATTRACTION" &&
      p.pool === "ACTIVE" &&
      !p.isTransformation &&
      p.signed &&
      p.signed >= "2017-03-01" &&
      p.signed.startsWith("2017"),
  );
  const used = new Set<string>();
  for (const p of rng.sample(convertible, 14)) {
    const ent = p.ent ? enterpriseDef(p.ent) : null;
    // An investor not registered as an enterprise yet: a prospect of the same industry.
    const prospect = ent
      ? null
      : (prospects.find((x) => x[3] === p.industry && !used.has(x[0])) ?? prospects.find((x) => !used.has(x[0]))!);
    if (prospect) used.add(prospect[0]);
    const first = maxIso("2017-01-04", randomWorkday(rng, addDays(p.signed!, -200), addDays(p.signed!, -60)));
    out.push({
      name: p.name,
      ent: p.ent,
      enterpriseName: ent ? ent.name : prospect![0],
      sourceRegion: p.sourceRegion ?? "OTHER_DOMESTIC",
      method: p.method ?? "PRECISION",
      industry: p.industry,
      county: p.county,
      expected: roundTo(p.contract * rng.float(0.8, 1.2), 100),
      stage: "SIGNED",
      abandonReason: null,
      owner: owner(p.county),
      nextFollowUp: null,
      firstContact: first,
      stageChangedAt: cst(p.signed!, 10, 0),
      convertedCode: p.code,
      note: rng.pick(NOTES.SIGNED),
      history: [],
    });
  }

  for (const e of EXISTING) {
    const ent = enterpriseDef(e.ent);
    out.push(
      openLead(
        rng,
        e.stage,
        {
          name: e.name,
          ent: e.ent,
          enterpriseName: ent.name,
          sourceRegion: sourceRegionOf(ent.origin),
          industry: e.industry,
          county: e.county,
          expected: e.expected,
          owner: "bureau",
        },
        at,
      ),
    );
  }

  const plan: [LeadStage, number][] = [
    ["CONTACT", 13],
    ["INSPECTION", 11],
    ["NEGOTIATION", 10],
    ["ABANDONED", 8],
  ];
  const rest = [...prospects.filter((x) => !used.has(x[0])), ...prospects.filter((x) => used.has(x[0]))];
  let pi = 0;
  for (const [stage, n] of plan) {
    for (let i = 0; i < n; i++) {
      const [entName, short, origin, industry] = rest[pi++ % rest.length];
      // A county that attracts this industry.
      const fits = COUNTIES.map((c) => c.key).flatMap((k) =>
        COUNTY_INDUSTRIES[k].filter(([x]) => x === industry).map(([, w]) => [k, w] as const),
      );
      const county = fits.length ? rng.weighted(fits) : rng.pick(COUNTIES).key;
      const stem = rng.pick(STEMS[industry]);
      out.push(
        openLead(
          rng,
          stage,
          {
            name: `${short}${stem.stem}项目`,
            ent: null,
            enterpriseName: entName,
            sourceRegion: sourceRegionOf(origin),
            industry,
            county,
            expected: expectedAmount(rng),
            owner: owner(county),
          },
          at,
        ),
      );
    }
  }
  const histories = Rng.stream("leadStages");
  for (const l of out) l.history = stageHistory(histories, l);
  return out;
}

function openLead(
  rng: Rng,
  stage: LeadStage,
  base: Pick<
    LeadDraft,
    "name" | "ent" | "enterpriseName" | "sourceRegion" | "industry" | "county" | "expected" | "owner"
  >,
  at: (d: IsoDate) => Date,
): LeadDraft {
  const windows: Record<LeadStage, [IsoDate, IsoDate, number, number]> = {
    CONTACT: ["2017-08-01", AS_OF, 0, 0],
    INSPECTION: ["2017-04-01", "2017-10-31", 20, 60],
    NEGOTIATION: ["2017-01-04", "2017-08-31", 40, 150],
    SIGNED: ["2017-01-04", "2017-06-30", 60, 200],
    ABANDONED: ["2017-02-01", "2017-09-30", 30, 120],
  };
  const [from, to, minStep, maxStep] = windows[stage];
  const first = randomWorkday(rng, from, to);
  const changed = minIso(AS_OF, addDays(first, rng.int(minStep, maxStep)));
  const open = stage !== "ABANDONED" && stage !== "SIGNED";
  return {
    ...base,
    method: rng.weighted(METHOD_WEIGHTS),
    stage,
    abandonReason: stage === "ABANDONED" ? rng.pick(ABANDON_REASONS) : null,
    nextFollowUp: open
      ? randomWorkday(rng, minIso("2017-12-22", maxIso("2017-10-16", addDays(changed, 7))), "2017-12-29")
      : null,
    firstContact: first,
    stageChangedAt: at(changed),
    convertedCode: null,
    note: rng.chance(0.7) ? rng.pick(NOTES[stage]) : null,
    history: [],
  };
}

/**
 * A plausible path to the lead's stage: 接触 at the first contact, then 考察 and 洽谈 (a few skip 考察; an
 * abandoned lead gives up in any open stage) on days between it and the last move. Drawn from its own random
 * stream, so the leads themselves stay what they were.
 */
function stageHistory(rng: Rng, l: LeadDraft): StageChange[] {
  const start = cst(l.firstContact, 9);
  const out: StageChange[] = [{ from: null, to: "CONTACT", at: start }];
  if (l.stage === "CONTACT") return out;
  let via: LeadStage[];
  if (l.stage === "INSPECTION") via = [];
  else if (l.stage === "NEGOTIATION") via = rng.chance(0.85) ? ["INSPECTION"] : [];
  else if (l.stage === "SIGNED") via = rng.chance(0.9) ? ["INSPECTION", "NEGOTIATION"] : ["NEGOTIATION"];
  else
    via = rng.weighted<LeadStage[]>([
      [[], 30],
      [["INSPECTION"], 35],
      [["INSPECTION", "NEGOTIATION"], 35],
    ]);
  const end = l.stageChangedAt.getTime();
  const span = daysBetween(l.firstContact, iso(new Date(end + 8 * 3_600_000)));
  const fractions = via.map(() => rng.float(0.15, 0.85)).sort((a, b) => a - b);
  let from: LeadStage = "CONTACT";
  via.forEach((to, i) => {
    const d = addDays(l.firstContact, Math.max(1, Math.floor(span * fractions[i])));
    let at = cst(d, 10 + i, rng.int(0, 59));
    // a short path: keep the moves in order before the last one
    if (at.getTime() >= end) at = new Date(end - (via.length - i) * 60_000);
    out.push({ from, to, at });
    from = to;
  });
  out.push({ from, to: l.stage, at: l.stageChangedAt });
  return out;
}
