// Reference data: counties and zones (GB/T 2260 codes, report §二(二)), industries, the 30 service teams
// (report §二(三)), officials' posts, the 13710 policy and app settings.

export type CountyKind = "DISTRICT" | "COUNTY" | "CITY" | "ZONE";

export interface CountyDef {
  key: string; // used in usernames: county.<key>
  code: string;
  name: string;
  short: string;
  kind: CountyKind;
  /** Chief / deputy titles for county-level 领办领导. */
  chief: string;
  deputy: string;
  /** Street names for plausible addresses. */
  roads: readonly string[];
}

export const COUNTIES: readonly CountyDef[] = [
  {
    key: "yuci",
    code: "140702",
    name: "榆次区",
    short: "榆次",
    kind: "DISTRICT",
    chief: "区长",
    deputy: "副区长",
    roads: ["顺城街", "迎宾街", "锦纶路", "汇通路", "蕴华街", "安宁街"],
  },
  {
    key: "yushe",
    code: "140721",
    name: "榆社县",
    short: "榆社",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["箕城路", "文化路", "太行大街"],
  },
  {
    key: "zuoquan",
    code: "140722",
    name: "左权县",
    short: "左权",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["将军路", "辽州大街", "清漳路"],
  },
  {
    key: "heshun",
    code: "140723",
    name: "和顺县",
    short: "和顺",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["义兴街", "建设路", "南关街"],
  },
  {
    key: "xiyang",
    code: "140724",
    name: "昔阳县",
    short: "昔阳",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["大寨路", "新建路", "东风街"],
  },
  {
    key: "shouyang",
    code: "140725",
    name: "寿阳县",
    short: "寿阳",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["朝阳街", "受州路", "迎宾路"],
  },
  {
    key: "taigu",
    code: "140726",
    name: "太谷县",
    short: "太谷",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["贯中大道", "明星路", "龙门路"],
  },
  {
    key: "qixian",
    code: "140727",
    name: "祁县",
    short: "祁县",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["昭馀路", "西大街", "丹枫路"],
  },
  {
    key: "pingyao",
    code: "140728",
    name: "平遥县",
    short: "平遥",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["顺城路", "中都路", "柳根路"],
  },
  {
    key: "lingshi",
    code: "140729",
    name: "灵石县",
    short: "灵石",
    kind: "COUNTY",
    chief: "县长",
    deputy: "副县长",
    roads: ["新建街", "翠峰路", "冷泉路"],
  },
  {
    key: "jiexiu",
    code: "140781",
    name: "介休市",
    short: "介休",
    kind: "CITY",
    chief: "市长",
    deputy: "副市长",
    roads: ["北关街", "建设路", "振兴街", "汾河路"],
  },
  {
    key: "etdz",
    code: "JZ-ETDZ",
    name: "晋中经济技术开发区",
    short: "晋中开发区",
    kind: "ZONE",
    chief: "管委会主任",
    deputy: "管委会副主任",
    roads: ["汇通产业园区", "新能源汽车产业园", "龙湖大街", "晋商街"],
  },
  {
    key: "sfq",
    code: "JZ-SFQ",
    name: "示范区晋中区",
    short: "示范区",
    kind: "ZONE",
    chief: "管委会主任",
    deputy: "管委会副主任",
    roads: ["起步区", "大学城产业园", "潇河产业园"],
  },
  {
    key: "nonggu",
    code: "SX-NG",
    name: "山西农谷",
    short: "农谷",
    kind: "ZONE",
    chief: "管委会主任",
    deputy: "管委会副主任",
    roads: ["农科城", "北方林果科技园", "龙山大道"],
  },
];

export type CountyKey = (typeof COUNTIES)[number]["key"];

export function countyDef(key: string): CountyDef {
  const c = COUNTIES.find((x) => x.key === key);
  if (!c) throw new Error(`unknown county ${key}`);
  return c;
}

/**
 * 责任单位 (docs/decisions/081, 140): the units a 督办事项 or an escalated issue is assigned to. The first six keep
 * their ids (appended after them); `staffedBy` says whose accounts act for the unit — a DEPARTMENT account of the
 * unit, or 市经信委's EIC accounts, 市投资促进局's BUREAU accounts. The county governments follow (COUNTY_GOVERNMENTS).
 */
export interface DepartmentDef {
  code: string;
  name: string;
  kind: "CITY" | "COMPANY" | "COUNTY";
  staffedBy: "DEPARTMENT" | "EIC" | "BUREAU" | "COUNTY";
  /** The county key of a county government. */
  county?: string;
}

const CITY_DEPARTMENTS: readonly DepartmentDef[] = [
  { code: "fagai", name: "市发展和改革委员会", kind: "CITY", staffedBy: "DEPARTMENT" },
  { code: "guotu", name: "市国土资源局", kind: "CITY", staffedBy: "DEPARTMENT" },
  { code: "zhujian", name: "市住房和城乡建设局", kind: "CITY", staffedBy: "DEPARTMENT" },
  { code: "huanbao", name: "市环境保护局", kind: "CITY", staffedBy: "DEPARTMENT" },
  { code: "shenpi", name: "市行政审批服务管理局", kind: "CITY", staffedBy: "DEPARTMENT" },
  { code: "gongdian", name: "国网晋中供电公司", kind: "COMPANY", staffedBy: "DEPARTMENT" },
  { code: "jingxin", name: "市经济和信息化委员会", kind: "CITY", staffedBy: "EIC" },
  { code: "touzi", name: "市投资促进局", kind: "CITY", staffedBy: "BUREAU" },
];

/** A county government (or a zone's 管委会) as a 责任单位; its COUNTY accounts act for it. */
function governmentName(c: CountyDef): string {
  return c.kind === "ZONE" ? `${c.name}管委会` : `${c.name}人民政府`;
}

export const DEPARTMENTS: readonly DepartmentDef[] = [
  ...CITY_DEPARTMENTS,
  ...COUNTIES.map((c) => ({
    code: `gov.${c.key}`,
    name: governmentName(c),
    kind: "COUNTY" as const,
    staffedBy: "COUNTY" as const,
    county: c.key,
  })),
];

export interface IndustryDef {
  code: string;
  name: string;
}

export const INDUSTRIES: readonly IndustryDef[] = [
  { code: "EQUIP", name: "新能源汽车及装备制造" },
  { code: "MATERIAL", name: "新材料" },
  { code: "ENERGY", name: "煤电及新能源" },
  { code: "COALCHEM", name: "现代煤化工" },
  { code: "ENVIRO", name: "节能环保" },
  { code: "BIOMED", name: "生物医药" },
  { code: "FOOD", name: "特色食品" },
  { code: "TOURISM", name: "文化旅游" },
  { code: "LOGISTICS", name: "现代物流" },
  { code: "TRADE", name: "商贸服务" },
  { code: "ICT", name: "电子信息" },
  { code: "AGRI", name: "现代农业" },
];

export type IndustryCode =
  | "EQUIP"
  | "MATERIAL"
  | "ENERGY"
  | "COALCHEM"
  | "ENVIRO"
  | "BIOMED"
  | "FOOD"
  | "TOURISM"
  | "LOGISTICS"
  | "TRADE"
  | "ICT"
  | "AGRI";

export interface TeamDef {
  no: number;
  focus: string;
  /** Industries the team serves (project assignment). */
  industries: readonly IndustryCode[];
  /** Counties the team is stationed for; the first one is stored as service_team.county_id. */
  counties: readonly string[];
  /** Team size including the 组长. */
  size: number;
  /** Member departments (市直经济部门), cycled over the members. */
  depts: readonly string[];
}

const D = {
  fgw: "市发改委",
  jxw: "市经信委",
  tzcj: "市投资促进局",
  gt: "市国土资源局",
  zj: "市住建局",
  hb: "市环保局",
  cz: "市财政局",
  kj: "市科技局",
  nw: "市农委",
  lfw: "市旅发委",
  sw: "市商务局",
  sp: "市行政审批服务管理局",
  jr: "市金融办",
  gz: "市国资委",
  sl: "市水务局",
  jt: "市交通运输局",
  sy: "市食药监局",
} as const;

// Teams 1–10 have four people, 11–30 three: 100 in all (report: "优选100人左右 … 组建30个专业化服务小组").
export const TEAMS: readonly TeamDef[] = [
  { no: 1, focus: "装备制造", industries: ["EQUIP"], counties: ["etdz"], size: 4, depts: [D.jxw, D.tzcj, D.sp, D.gt] },
  { no: 2, focus: "液压及纺机", industries: ["EQUIP"], counties: [], size: 4, depts: [D.jxw, D.kj, D.fgw, D.cz] },
  { no: 3, focus: "汽车零部件配套", industries: ["EQUIP"], counties: [], size: 4, depts: [D.tzcj, D.jxw, D.sp, D.zj] },
  { no: 4, focus: "新材料", industries: ["MATERIAL"], counties: [], size: 4, depts: [D.kj, D.jxw, D.hb, D.gt] },
  {
    no: 5,
    focus: "铝系及玛钢铸造",
    industries: ["MATERIAL"],
    counties: [],
    size: 4,
    depts: [D.jxw, D.hb, D.fgw, D.gt],
  },
  { no: 6, focus: "煤电", industries: ["ENERGY"], counties: [], size: 4, depts: [D.fgw, D.jxw, D.hb, D.gt] },
  { no: 7, focus: "光伏及煤层气", industries: ["ENERGY"], counties: [], size: 4, depts: [D.fgw, D.gt, D.jr, D.sp] },
  { no: 8, focus: "现代煤化工", industries: ["COALCHEM"], counties: [], size: 4, depts: [D.jxw, D.hb, D.fgw, D.sp] },
  { no: 9, focus: "焦化集聚区", industries: ["COALCHEM"], counties: [], size: 4, depts: [D.jxw, D.hb, D.gt, D.cz] },
  { no: 10, focus: "节能环保", industries: ["ENVIRO"], counties: [], size: 4, depts: [D.hb, D.jxw, D.fgw, D.kj] },
  { no: 11, focus: "生物医药", industries: ["BIOMED"], counties: [], size: 3, depts: [D.sy, D.kj, D.sp] },
  { no: 12, focus: "特色食品", industries: ["FOOD"], counties: [], size: 3, depts: [D.nw, D.sy, D.jxw] },
  { no: 13, focus: "文化旅游", industries: ["TOURISM"], counties: [], size: 3, depts: [D.lfw, D.zj, D.gt] },
  { no: 14, focus: "华侨城合作项目", industries: ["TOURISM"], counties: [], size: 3, depts: [D.lfw, D.tzcj, D.cz] },
  { no: 15, focus: "现代物流", industries: ["LOGISTICS"], counties: [], size: 3, depts: [D.sw, D.jt, D.gt] },
  { no: 16, focus: "商贸服务", industries: ["TRADE"], counties: [], size: 3, depts: [D.sw, D.zj, D.tzcj] },
  { no: 17, focus: "电子信息", industries: ["ICT"], counties: [], size: 3, depts: [D.jxw, D.kj, D.tzcj] },
  { no: 18, focus: "现代农业", industries: ["AGRI"], counties: [], size: 3, depts: [D.nw, D.sl, D.cz] },
  { no: 19, focus: "榆次区", industries: [], counties: ["yuci"], size: 3, depts: [D.tzcj, D.zj, D.sp] },
  { no: 20, focus: "晋中经济技术开发区", industries: [], counties: ["etdz"], size: 3, depts: [D.jxw, D.sp, D.gt] },
  { no: 21, focus: "示范区晋中区", industries: [], counties: ["sfq"], size: 3, depts: [D.fgw, D.gt, D.zj] },
  { no: 22, focus: "山西农谷", industries: [], counties: ["nonggu"], size: 3, depts: [D.nw, D.kj, D.gt] },
  { no: 23, focus: "太谷县、祁县", industries: [], counties: ["taigu", "qixian"], size: 3, depts: [D.jxw, D.gt, D.hb] },
  { no: 24, focus: "平遥县", industries: [], counties: ["pingyao"], size: 3, depts: [D.lfw, D.sw, D.sp] },
  { no: 25, focus: "介休市", industries: [], counties: ["jiexiu"], size: 3, depts: [D.jxw, D.hb, D.gt] },
  { no: 26, focus: "灵石县", industries: [], counties: ["lingshi"], size: 3, depts: [D.jxw, D.fgw, D.hb] },
  { no: 27, focus: "寿阳县", industries: [], counties: ["shouyang"], size: 3, depts: [D.fgw, D.gt, D.jr] },
  {
    no: 28,
    focus: "昔阳县、和顺县",
    industries: [],
    counties: ["xiyang", "heshun"],
    size: 3,
    depts: [D.jxw, D.lfw, D.gt],
  },
  {
    no: 29,
    focus: "左权县、榆社县",
    industries: [],
    counties: ["zuoquan", "yushe"],
    size: 3,
    depts: [D.fgw, D.lfw, D.nw],
  },
  { no: 30, focus: "优势企业综合服务", industries: [], counties: [], size: 3, depts: [D.jxw, D.gz, D.jr] },
];

export function teamName(t: TeamDef): string {
  return `第${t.no}专业化服务小组（${t.focus}）`;
}

export const SLA_13710 = {
  code: "13710",
  name: "13710工作制度",
  acceptDays: 1,
  respondDays: 3,
  resolveDays: 7,
  complexDays: 10,
  dueSoonDays: 1,
  autoEscalate: true,
  isActive: true,
} as const;

export const SETTINGS = [
  {
    key: "ranking.weights",
    value: { START_RATE: 30, FUNDING_RATE: 30, LANDING_RATE: 20, INFLOW_AMOUNT: 10, TRANSFORMATION_INVESTMENT: 10 },
  },
  {
    key: "demo.notice",
    value: { text: "本系统中的项目、企业、人员和数字为依据2017年晋中市政府工作报告编制的演示数据。" },
  },
] as const;

/** City-wide 2017 targets (report §二(三)): 万元 for amounts, basis points for rates. */
export const CITY_TARGETS = {
  INFLOW_AMOUNT: 21_000_000,
  LANDING_RATE: 5000,
  START_RATE: 3000,
  FUNDING_RATE: 3000,
  TRANSFORMATION_INVESTMENT: 2_600_000,
} as const;

/** City-level 领办领导 posts (names are generated: demonstration data). */
export const CITY_OFFICIAL_POSTS: readonly {
  title: string;
  industries: readonly IndustryCode[];
  counties: readonly string[];
}[] = [
  { title: "市长", industries: [], counties: [] },
  { title: "常务副市长", industries: ["EQUIP", "COALCHEM", "ICT"], counties: ["etdz", "sfq"] },
  { title: "副市长（分管工业）", industries: ["EQUIP", "MATERIAL", "ENVIRO"], counties: [] },
  { title: "副市长（分管能源）", industries: ["ENERGY", "COALCHEM"], counties: [] },
  { title: "副市长（分管农业、山西农谷）", industries: ["AGRI", "FOOD"], counties: ["nonggu"] },
  { title: "副市长（分管文化旅游）", industries: ["TOURISM"], counties: [] },
  { title: "副市长（分管商务、招商）", industries: ["TRADE", "LOGISTICS"], counties: [] },
  { title: "副市长（分管城建）", industries: ["TRADE"], counties: ["yuci"] },
  { title: "副市长（分管科技、医药）", industries: ["BIOMED", "ICT"], counties: [] },
  { title: "市政府秘书长", industries: ["LOGISTICS", "ENVIRO"], counties: [] },
];
/** Index in CITY_OFFICIAL_POSTS of the official the `leader` demo user is. */
export const LEADER_POST_INDEX = 1;
