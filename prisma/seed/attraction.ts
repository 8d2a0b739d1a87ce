// Signed attraction projects (招商引资签约项目): the 2017 cohort that the 引资总额 (2100亿 target), 落地率 and
// 开工率 KPIs count, and a few signed in 2016. Generated from per-industry templates with a fixed seed,
// then scaled so the 2017 inflow lands near the target. Demonstration data.
import { ENTERPRISES, sourceRegionOf, type EnterpriseDef, type SourceRegion } from "./enterprises.ts";
import { countyDef, type IndustryCode } from "./reference.ts";
import { Rng, roundTo, splitInteger } from "./rng.ts";
import { YEAR_END, daysBetween, randomWorkday, type IsoDate } from "./time.ts";
import type { AttractionMethod, ProjectSpec, Stage } from "./types.ts";

/** 2017 inflow the seed aims at: ≈ 2064亿 of the 2100亿 target (万元). */
export const INFLOW_GOAL = 20_636_800;
/** Share of the 2017 cohort (projects signed in 2017) that reached each stage by 2017-12-31. */
export const COHORT_SHARES = { LAND: 0.55, FUNDING: 0.44, STARTED: 0.36 } as const;
export const COHORT_COMPLETED = 6;
const RANDOM_2017 = 151;
const SIGNED_2016 = 14;

export interface Stem {
  stem: string;
  content: string;
}

export const STEMS: Record<IndustryCode, readonly Stem[]> = {
  EQUIP: [
    { stem: "新能源汽车零部件", content: "建设新能源汽车电机、电控及底盘零部件生产线，为整车企业就近配套" },
    { stem: "汽车线束", content: "建设汽车线束、连接器自动化生产线" },
    { stem: "液压元件智能制造", content: "建设液压泵、阀、油缸智能化生产车间及试验台" },
    { stem: "高端液压油缸", content: "建设工程机械及煤机用高端液压油缸生产线" },
    { stem: "智能纺机成套装备", content: "建设智能纺纱设备及关键零部件生产基地" },
    { stem: "煤矿智能装备制造", content: "建设煤矿综采智能装备、掘进设备生产及再制造基地" },
    { stem: "轨道交通装备配件", content: "建设轨道交通车辆配件及减振器生产线" },
    { stem: "工业机器人集成应用", content: "建设工业机器人系统集成及智能产线生产基地" },
    { stem: "精密铸件数控加工", content: "建设精密铸件数控加工中心及热处理车间" },
    { stem: "新能源专用车改装", content: "建设新能源物流车、环卫车改装生产线" },
  ],
  MATERIAL: [
    { stem: "铝型材深加工", content: "建设建筑及工业铝型材挤压、表面处理生产线" },
    { stem: "高性能铝合金轮毂", content: "建设低压铸造铝合金轮毂生产线" },
    { stem: "石墨烯导电材料", content: "建设石墨烯导电浆料及改性材料生产线" },
    { stem: "碳纤维复合材料", content: "建设碳纤维预浸料及复合材料制品生产线" },
    { stem: "特种玻璃器皿", content: "建设高硼硅耐热玻璃器皿生产线" },
    { stem: "高端耐火材料", content: "建设新型耐火材料及窑炉内衬生产线" },
    { stem: "玛钢管件精深加工", content: "建设玛钢管件精加工、镀锌及包装生产线" },
    { stem: "新型建材产业园", content: "建设装配式建筑构件及新型墙材生产基地" },
  ],
  ENERGY: [
    { stem: "分布式光伏发电", content: "利用厂房屋顶及园区空地建设分布式光伏电站" },
    { stem: "风电场", content: "建设风电机组及110千伏升压站" },
    { stem: "煤层气综合利用", content: "建设煤层气抽采利用、压缩及发电设施" },
    { stem: "生物质热电联产", content: "建设秸秆生物质热电联产机组" },
    { stem: "光伏扶贫电站", content: "建设集中式光伏扶贫电站" },
    { stem: "储能电站", content: "建设电化学储能电站及调峰设施" },
    { stem: "地热能清洁供暖", content: "建设中深层地热能供暖站及管网" },
  ],
  COALCHEM: [
    { stem: "焦炉煤气制LNG", content: "利用焦炉煤气建设液化天然气装置" },
    { stem: "煤焦油深加工", content: "建设煤焦油加氢及精细化工装置" },
    { stem: "甲醇下游精细化工", content: "建设甲醇制甲醛、多聚甲醛等下游装置" },
    { stem: "粗苯精制", content: "建设粗苯加氢精制装置" },
    { stem: "焦化副产品综合利用", content: "建设焦化副产品回收及深加工装置" },
  ],
  ENVIRO: [
    { stem: "固废综合利用", content: "建设工业固废资源化利用生产线" },
    { stem: "煤矸石新型墙材", content: "建设煤矸石烧结砖及新型墙材生产线" },
    { stem: "城市污泥处置", content: "建设城市污泥干化焚烧处置中心" },
    { stem: "餐厨垃圾处理", content: "建设餐厨废弃物资源化处理厂" },
    { stem: "工业余热回收", content: "建设工业余热回收及集中供热改造工程" },
    { stem: "节能环保装备制造", content: "建设除尘脱硫脱硝设备生产基地" },
    { stem: "再生资源回收利用", content: "建设再生资源分拣中心及废旧金属加工线" },
  ],
  BIOMED: [
    { stem: "中药饮片加工", content: "建设GMP中药饮片生产线及中药材仓储中心" },
    { stem: "中药配方颗粒", content: "建设中药配方颗粒提取、制剂生产线" },
    { stem: "医用敷料生产", content: "建设医用敷料、卫生材料洁净生产车间" },
    { stem: "医疗器械产业园", content: "建设医疗器械研发及生产标准厂房" },
    { stem: "药食同源功能食品", content: "建设药食同源功能食品生产线" },
  ],
  FOOD: [
    { stem: "杂粮精深加工", content: "建设小米、燕麦等杂粮精深加工生产线" },
    { stem: "乳制品加工", content: "建设液态奶、酸奶生产线及奶源基地" },
    { stem: "肉制品加工", content: "建设肉牛屠宰分割及熟食加工生产线" },
    { stem: "饮料生产线", content: "建设果蔬汁饮料及瓶装水生产线" },
    { stem: "老陈醋扩能", content: "建设食醋酿造、灌装及仓储设施" },
    { stem: "核桃深加工", content: "建设核桃油、核桃乳生产线" },
    { stem: "食用菌加工", content: "建设食用菌工厂化生产及加工车间" },
  ],
  TOURISM: [
    { stem: "文化旅游综合体", content: "建设文化演艺、特色商业及游客服务中心" },
    { stem: "生态康养小镇", content: "建设生态康养度假区及配套设施" },
    { stem: "乡村旅游示范区", content: "建设乡村民宿、农事体验及休闲农业设施" },
    { stem: "红色旅游景区提升", content: "提升红色旅游景区展陈、道路及服务设施" },
    { stem: "影视文化基地", content: "建设影视拍摄基地及文化创意街区" },
    { stem: "温泉康养度假", content: "建设温泉度假酒店及康养中心" },
  ],
  LOGISTICS: [
    { stem: "冷链物流园", content: "建设冷库、冷链配送中心及交易区" },
    { stem: "电商物流分拨中心", content: "建设电商仓储及快递分拨中心" },
    { stem: "农产品物流园", content: "建设农产品集散、冷藏及检测中心" },
    { stem: "城乡配送中心", content: "建设城乡共同配送中心及信息平台" },
    { stem: "公路港", content: "建设公路货运枢纽及车货匹配平台" },
  ],
  TRADE: [
    { stem: "商业综合体", content: "建设购物中心、餐饮娱乐及停车配套" },
    { stem: "汽车商贸城", content: "建设汽车4S店集群及二手车交易市场" },
    { stem: "建材家居市场", content: "建设建材家居展示交易中心" },
    { stem: "星级酒店", content: "建设星级商务酒店及会议中心" },
    { stem: "农贸批发市场", content: "建设农副产品批发交易市场" },
  ],
  ICT: [
    { stem: "大数据中心", content: "建设数据中心机房及云计算服务平台" },
    { stem: "电子元器件生产", content: "建设电子元器件表面贴装生产线" },
    { stem: "LED光电产业园", content: "建设LED封装及照明产品生产线" },
    { stem: "智能终端组装", content: "建设智能终端组装测试生产线" },
    { stem: "软件与信息服务外包", content: "建设软件研发及呼叫中心基地" },
    { stem: "半导体封装测试", content: "建设功率半导体封装测试生产线" },
  ],
  AGRI: [
    { stem: "设施蔬菜基地", content: "建设日光温室及设施蔬菜种植基地" },
    { stem: "现代农业产业园", content: "建设高标准农田、智能温室及加工车间" },
    { stem: "有机旱作示范", content: "建设有机旱作农业示范区" },
    { stem: "中药材种植基地", content: "建设道地中药材规范化种植基地" },
    { stem: "生态养殖", content: "建设标准化生态养殖场及粪污处理设施" },
    { stem: "林果种植示范", content: "建设优质林果种植示范基地" },
  ],
};

// Where attraction projects go, and what each county attracts (report §二(一)(二) county specialisations).
const COUNTY_WEIGHTS: readonly (readonly [string, number])[] = [
  ["yuci", 17],
  ["etdz", 14],
  ["sfq", 9],
  ["nonggu", 7],
  ["taigu", 8],
  ["qixian", 7],
  ["pingyao", 8],
  ["jiexiu", 9],
  ["lingshi", 8],
  ["shouyang", 8],
  ["xiyang", 5],
  ["heshun", 5],
  ["zuoquan", 5],
  ["yushe", 5],
];

export const COUNTY_INDUSTRIES: Record<string, readonly (readonly [IndustryCode, number])[]> = {
  yuci: [
    ["EQUIP", 4],
    ["LOGISTICS", 3],
    ["TRADE", 3],
    ["ICT", 2],
    ["BIOMED", 2],
    ["TOURISM", 1],
    ["ENVIRO", 1],
  ],
  etdz: [
    ["EQUIP", 6],
    ["ICT", 3],
    ["MATERIAL", 2],
    ["BIOMED", 2],
    ["FOOD", 1],
  ],
  sfq: [
    ["ICT", 4],
    ["EQUIP", 3],
    ["LOGISTICS", 3],
    ["TRADE", 1],
  ],
  nonggu: [
    ["AGRI", 5],
    ["FOOD", 3],
    ["BIOMED", 2],
    ["LOGISTICS", 1],
  ],
  taigu: [
    ["MATERIAL", 3],
    ["AGRI", 2],
    ["BIOMED", 2],
    ["FOOD", 2],
    ["LOGISTICS", 1],
  ],
  qixian: [
    ["MATERIAL", 4],
    ["FOOD", 3],
    ["LOGISTICS", 1],
    ["TOURISM", 1],
  ],
  pingyao: [
    ["TOURISM", 4],
    ["FOOD", 3],
    ["TRADE", 1],
    ["ENVIRO", 1],
  ],
  jiexiu: [
    ["COALCHEM", 4],
    ["MATERIAL", 2],
    ["ENERGY", 2],
    ["ENVIRO", 2],
    ["TOURISM", 1],
  ],
  lingshi: [
    ["COALCHEM", 3],
    ["MATERIAL", 3],
    ["ENERGY", 2],
    ["ENVIRO", 2],
    ["TOURISM", 1],
  ],
  shouyang: [
    ["ENERGY", 4],
    ["ENVIRO", 2],
    ["COALCHEM", 2],
    ["EQUIP", 1],
  ],
  xiyang: [
    ["TOURISM", 3],
    ["AGRI", 3],
    ["COALCHEM", 1],
    ["ENERGY", 1],
  ],
  heshun: [
    ["ENERGY", 3],
    ["TOURISM", 3],
    ["FOOD", 2],
    ["AGRI", 1],
  ],
  zuoquan: [
    ["TOURISM", 3],
    ["ENERGY", 3],
    ["AGRI", 2],
  ],
  yushe: [
    ["ENERGY", 2],
    ["AGRI", 3],
    ["TOURISM", 2],
    ["FOOD", 2],
  ],
};

const SOURCE_WEIGHTS: readonly (readonly [SourceRegion, number])[] = [
  ["JINGJINJI", 25],
  ["TIANJIN", 10],
  ["YANGTZE_DELTA", 22],
  ["PEARL_DELTA", 12],
  ["IN_PROVINCE", 18],
  ["OTHER_DOMESTIC", 10],
  ["OVERSEAS", 3],
];
export const METHOD_WEIGHTS: readonly (readonly [AttractionMethod, number])[] = [
  ["PRECISION", 30],
  ["TARGETED", 25],
  ["COMMISSIONED", 10],
  ["BUSINESS_REFERRAL", 15],
  ["EXPO", 15],
  ["OTHER", 5],
];
// More signings in the spring and autumn 招商 seasons (and the expos held then).
const MONTH_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 3],
  [2, 4],
  [3, 12],
  [4, 14],
  [5, 13],
  [6, 9],
  [7, 5],
  [8, 5],
  [9, 11],
  [10, 12],
  [11, 8],
  [12, 4],
];

function rawContract(rng: Rng): number {
  const tier = rng.weighted([
    ["s", 55],
    ["m", 30],
    ["l", 12],
    ["xl", 3],
  ] as const);
  switch (tier) {
    case "s":
      return rng.int(50, 600) * 100;
    case "m":
      return rng.int(600, 2000) * 100;
    case "l":
      return rng.int(2000, 5000) * 100;
    case "xl":
      return rng.int(5000, 10000) * 100;
  }
}

function yi(wan: number): string {
  const v = wan / 10000;
  return v >= 10 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, "");
}

function contentFor(stem: Stem, contract: number, county: string): string {
  const c = countyDef(county);
  return `${stem.content}，项目签约额${yi(contract)}亿元，选址${c.name}。`;
}

/** The special attraction projects the demo relies on (吉利 and service team 1). */
function specials(): ProjectSpec[] {
  const base = { origin: "ATTRACTION" as const, planYear: 2017, isTransformation: false, pool: "ACTIVE" as const };
  return [
    {
      ...base,
      code: "",
      name: "吉利汽车零部件产业园",
      county: "etdz",
      industry: "EQUIP",
      ent: "geely",
      sourceRegion: "YANGTZE_DELTA",
      method: "TARGETED",
      total: 150_000,
      contract: 150_000,
      plan: 30_000,
      signed: "2017-06-16",
      reach: "FUNDING",
      lag: "yellow",
      team: 1,
      content:
        "围绕吉利新能源汽车整车项目引进零部件配套企业，建设冲压件、内外饰、座椅及电池包配套厂房，构建新能源汽车产业链。",
      land: { area: 420, method: "弹性出让", instalments: true },
      incentives: [
        { kind: "土地", content: "工业用地弹性出让，出让年限30年", policy: "city.flex30" },
        { kind: "土地", content: "土地出让金分期缴纳：首期缴纳50%，余款一年内缴清", policy: "city.instalments" },
      ],
    },
    {
      ...base,
      code: "",
      name: "吉利新能源汽车研发中心",
      county: "sfq",
      industry: "EQUIP",
      ent: "geely",
      sourceRegion: "YANGTZE_DELTA",
      method: "TARGETED",
      total: 80_000,
      contract: 80_000,
      plan: 5_000,
      signed: "2017-11-08",
      reach: "SIGNED",
      lag: "none",
      team: 1,
      content: "在示范区晋中区建设新能源汽车研发中心、试验检测中心和人才公寓。",
    },
    {
      ...base,
      code: "",
      name: "京诚瑞达煤矿智能装备制造项目",
      county: "yuci",
      industry: "EQUIP",
      ent: "g03",
      method: "PRECISION",
      total: 30_000,
      contract: 30_000,
      plan: 6_000,
      signed: "2017-09-12",
      reach: "SIGNED",
      lag: "yellow",
      team: 1,
      content: "建设煤矿综采智能装备生产及再制造基地。",
    },
    {
      ...base,
      code: "",
      name: "冀中华精密铸件数控加工项目",
      county: "etdz",
      industry: "EQUIP",
      ent: "g06",
      method: "PRECISION",
      total: 20_000,
      contract: 20_000,
      plan: 5_000,
      signed: "2017-05-10",
      reach: "SIGNED",
      lag: "red",
      team: 1,
      content: "建设精密铸件数控加工中心及热处理车间。",
    },
    {
      ...base,
      code: "",
      name: "万宏汽配新能源汽车线束项目",
      county: "etdz",
      industry: "EQUIP",
      ent: "g21",
      method: "BUSINESS_REFERRAL",
      total: 25_000,
      contract: 25_000,
      plan: 2_000,
      signed: "2017-12-12",
      reach: "SIGNED",
      lag: "none",
      team: 1,
      content: "为吉利新能源汽车配套建设高压线束及连接器生产线。",
    },
  ];
}

interface Draft {
  county: string;
  industry: IndustryCode;
  ent: EnterpriseDef | null;
  stem: Stem;
  name: string;
  sourceRegion: SourceRegion;
  method: AttractionMethod;
  raw: number;
  signed: IsoDate;
}

function drafts(rng: Rng, n: number, year: number, used: Map<string, number>, names: Set<string>): Draft[] {
  const generic = ENTERPRISES.filter((e) => e.generic);
  const out: Draft[] = [];
  for (let i = 0; i < n; i++) {
    const county = rng.weighted(COUNTY_WEIGHTS);
    const local = generic.filter((e) => e.county === county && (used.get(e.key) ?? 0) < 4);
    let ent: EnterpriseDef | null = null;
    if (local.length && rng.chance(0.72)) {
      const fewest = Math.min(...local.map((e) => used.get(e.key) ?? 0));
      ent = rng.pick(local.filter((e) => (used.get(e.key) ?? 0) === fewest));
      used.set(ent.key, (used.get(ent.key) ?? 0) + 1);
    }
    const industry = ent ? ent.industry : rng.weighted(COUNTY_INDUSTRIES[county]);
    const prefix = ent ? ent.short : countyDef(county).short;
    const stems = STEMS[industry].filter((s) => !names.has(`${prefix}${s.stem}项目`));
    const stem = stems.length ? rng.pick(stems) : rng.pick(STEMS[industry]);
    let name = `${prefix}${stem.stem}项目`;
    if (names.has(name)) name = `${prefix}${stem.stem}项目（二期）`;
    names.add(name);
    const month = rng.weighted(MONTH_WEIGHTS);
    const from = `${year}-${String(month).padStart(2, "0")}-03`;
    const to = `${year}-${String(month).padStart(2, "0")}-28`;
    out.push({
      county,
      industry,
      ent,
      stem,
      name,
      sourceRegion: ent ? sourceRegionOf(ent.origin) : rng.weighted(SOURCE_WEIGHTS),
      method: rng.weighted(METHOD_WEIGHTS),
      raw: rawContract(rng),
      signed: randomWorkday(rng, from, to),
    });
  }
  return out;
}

function toSpec(d: Draft, rng: Rng, contract: number, planYear: number, reach: Stage): ProjectSpec {
  const total = rng.chance(0.7) ? contract : roundTo(contract * rng.float(1.05, 1.3), 100);
  return {
    code: "",
    name: d.name,
    county: d.county,
    industry: d.industry,
    ent: d.ent?.key ?? null,
    origin: "ATTRACTION",
    sourceRegion: d.sourceRegion,
    method: d.method,
    total,
    contract,
    plan: Math.max(500, roundTo(total * rng.float(0.12, 0.4), 100)),
    planYear,
    isTransformation: false,
    pool: "ACTIVE",
    signed: d.signed,
    reach,
    team: null,
    content: contentFor(d.stem, contract, d.county),
  };
}

interface Quotas {
  COMPLETED: number;
  STARTED: number;
  FUNDING: number;
  LAND: number;
}

/**
 * Gives the highest stages to the projects with the best score (signed early, plus noise), subject to
 * plausibility: nothing signed in December has started, completions are small projects signed by May.
 */
function allocateStages(rng: Rng, items: { signed: IsoDate; contract: number }[], q: Quotas): Stage[] {
  const scored = items.map((it, i) => ({
    i,
    it,
    score: daysBetween(it.signed, YEAR_END) / 365 + rng.float(-0.3, 0.3),
  }));
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  const stage: Stage[] = items.map(() => "SIGNED");
  const taken = new Set<number>();
  const take = (s: Stage, n: number, ok: (it: { signed: IsoDate; contract: number }) => boolean) => {
    for (const x of scored) {
      if (n <= 0) break;
      if (taken.has(x.i) || !ok(x.it)) continue;
      stage[x.i] = s;
      taken.add(x.i);
      n--;
    }
  };
  take("COMPLETED", q.COMPLETED, (it) => it.signed <= "2017-05-31" && it.contract <= 60_000);
  take("STARTED", q.STARTED, (it) => it.signed <= "2017-10-31");
  take("FUNDING", q.FUNDING, (it) => it.signed <= "2017-11-30");
  take("LAND", q.LAND, (it) => it.signed <= "2017-12-15");
  return stage;
}

const RANK: Record<Stage, number> = { SIGNED: 0, LAND: 1, FUNDING: 2, STARTED: 3, COMPLETED: 4 };

/**
 * The 2017 signed attraction projects (QY2017-…) and those signed in 2016 (QY2016-…). `fixed` are the other
 * projects that already belong to the 2017 cohort (transformation and reserve projects signed in 2017), so the
 * generated ones make the cohort totals land where the dashboard should show them.
 */
export function buildAttraction(fixed: readonly ProjectSpec[]): { y2017: ProjectSpec[]; y2016: ProjectSpec[] } {
  const rng = Rng.stream("attraction");
  const used = new Map<string, number>();
  for (const p of fixed) if (p.ent && p.ent.startsWith("g")) used.set(p.ent, (used.get(p.ent) ?? 0) + 1);
  const names = new Set(fixed.map((p) => p.name));

  const special = specials();
  for (const p of special) {
    names.add(p.name);
    if (p.ent?.startsWith("g")) used.set(p.ent, (used.get(p.ent) ?? 0) + 1);
  }
  const cohortFixed = [...fixed, ...special].filter((p) => p.signed?.startsWith("2017"));
  const fixedInflow = cohortFixed.filter((p) => p.origin === "ATTRACTION").reduce((s, p) => s + p.contract, 0);

  const d17 = drafts(rng, RANDOM_2017, 2017, used, names);
  const contracts = splitInteger(
    INFLOW_GOAL - fixedInflow,
    d17.map((d) => d.raw),
    100,
  );

  const n = cohortFixed.length + d17.length;
  const reached = (s: Stage) => cohortFixed.filter((p) => p.reach && RANK[p.reach] >= RANK[s]).length;
  const want = {
    COMPLETED: Math.max(0, COHORT_COMPLETED - reached("COMPLETED")),
    STARTED: Math.round(n * COHORT_SHARES.STARTED) - reached("STARTED"),
    FUNDING: Math.round(n * COHORT_SHARES.FUNDING) - reached("FUNDING"),
    LAND: Math.round(n * COHORT_SHARES.LAND) - reached("LAND"),
  };
  const q: Quotas = {
    COMPLETED: want.COMPLETED,
    STARTED: Math.max(0, want.STARTED - want.COMPLETED),
    FUNDING: Math.max(0, want.FUNDING - want.STARTED),
    LAND: Math.max(0, want.LAND - want.FUNDING),
  };
  const stages = allocateStages(
    rng,
    d17.map((d, i) => ({ signed: d.signed, contract: contracts[i] })),
    q,
  );

  // Chronological codes: QY2017-001 is the first deal signed in 2017.
  const gen = d17.map((d, i) => toSpec(d, rng, contracts[i], 2017, stages[i]));
  const all17 = [...special, ...gen].sort((a, b) =>
    a.signed! < b.signed! ? -1 : a.signed! > b.signed! ? 1 : a.name.localeCompare(b.name),
  );
  all17.forEach((p, i) => (p.code = `QY2017-${String(i + 1).padStart(3, "0")}`));

  const d16 = drafts(rng, SIGNED_2016, 2016, used, names);
  const stages16: Stage[] = [
    "COMPLETED",
    "COMPLETED",
    "COMPLETED",
    "STARTED",
    "STARTED",
    "STARTED",
    "STARTED",
    "STARTED",
    "STARTED",
    "FUNDING",
    "FUNDING",
    "LAND",
    "LAND",
    "SIGNED",
  ];
  const order16 = d16.map((_, i) => i).sort((a, b) => (d16[a].signed < d16[b].signed ? -1 : 1));
  const y2016 = order16.map((idx, k) => {
    const d = d16[idx];
    const spec = toSpec(d, rng, roundTo(d.raw * 0.8, 100), 2016, stages16[k]);
    spec.code = `QY2016-${String(k + 1).padStart(3, "0")}`;
    return spec;
  });
  return { y2017: all17, y2016 };
}
