// 优惠政策库 (issue 15 §5, docs/decisions/121, 185): the demo's incentive policies, the city's and each county's, drawn
// from the measures the 2017 report announces (docs/source/jinzhong-2017-government-work-report.txt, 二(三) 创新要素
// 保障方式 and 创新招商方法; 二(二) 技术改造, 降成本 and 直购电; 二(四) 加计扣除、税收减免). The texts, dates and
// numbers of the documents themselves are demonstration data. Projects' granted incentives name one of these by key
// (IncentiveSpec.policy): "city.<name>" is the city's, "county.<name>" the project's own county's.
import { COUNTIES, type CountyKey } from "./reference.ts";
import type { IsoDate } from "./time.ts";

export type PolicyCategory = "土地" | "电价" | "奖补" | "税收" | "基金" | "其他";

export interface PolicyDef {
  /** "city.fund", "yuci.award" … */
  key: string;
  /** null: the city's own (市级, for the whole city) */
  county: CountyKey | null;
  category: PolicyCategory;
  title: string;
  content: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

type CityPolicy = "instalments" | "flex30" | "power" | "power10kv" | "ppp" | "fund" | "guarantee" | "tech" | "rd";
type CountyPolicy = "award" | "tax" | "lease";
/** How a seeded incentive names its policy: one of the city's, or one of its project's county's. */
export type PolicyRef = `city.${CityPolicy}` | `county.${CountyPolicy}`;

const CITY: (Omit<PolicyDef, "key" | "county"> & { name: CityPolicy | "award2014" })[] = [
  {
    name: "instalments",
    category: "土地",
    title: "转型项目和优势企业用地土地出让金分期缴纳",
    content:
      "对列入年度计划的转型项目和优势企业用地，实行土地出让金分期缴纳：签订国有建设用地使用权出让合同后一个月内缴纳不低于50%，余款在一年内缴清。分期缴纳期间不影响办理规划、施工等后续手续。",
    validFrom: "2017-03-15",
    validTo: "2019-12-31",
  },
  {
    name: "flex30",
    category: "土地",
    title: "工业用地弹性出让（最低出让年期30年）",
    content:
      "试行工业用地弹性出让，工业项目用地最低出让年期由规定的50年缩短为30年，出让价款按年期折算；期满经评估符合产业政策和履约要求的，可申请续期。降低企业前期投入成本。",
    validFrom: "2017-04-01",
    validTo: "2019-12-31",
  },
  {
    name: "power",
    category: "电价",
    title: "高用电项目用电优惠奖励",
    content:
      "落实高用电项目用电优惠奖励措施：年用电量500万千瓦时以上的新建工业项目纳入大用户直购电交易，到户电价每千瓦时降低约0.05元；推进工业园区增量市场售电侧改革。",
    validFrom: "2017-03-15",
    validTo: "2018-12-31",
  },
  {
    name: "power10kv",
    category: "电价",
    title: "10千伏高新技术项目直购电申报绿色通道",
    content:
      "建立大用户直购电和10千伏高新技术项目直购电申报绿色通道，由市经信委会同国网晋中供电公司随报随审，符合条件的高新技术项目当月纳入直购电交易。",
    validFrom: "2017-03-15",
    validTo: null,
  },
  {
    name: "ppp",
    category: "奖补",
    title: "PPP专项资金（股权投入、项目引导、示范奖补）",
    content:
      "市财政预算安排2亿元专项资金，通过股权投入、项目引导、示范奖补等方式推广PPP模式；入选财政部、省PPP项目示范库的项目优先支持，示范奖补按项目投资额核定。",
    validFrom: "2017-03-01",
    validTo: "2017-12-31",
  },
  {
    name: "fund",
    category: "基金",
    title: "促转型增动能投资基金",
    content:
      "市财政安排资金设立促转型增动能投资基金，以股权投资方式支持转型项目和优势企业落地建设、技术改造，并提供增值服务；单个项目投资一般不超过5000万元，投资期限不超过5年。",
    validFrom: "2017-04-20",
    validTo: "2021-12-31",
  },
  {
    name: "guarantee",
    category: "基金",
    title: "促转型增动能担保资金",
    content:
      "市财政安排资金设立促转型增动能担保资金，与合作担保机构、银行风险分担，为转型项目和优势企业融资提供担保，放大担保能力，担保费率不高于1%。",
    validFrom: "2017-04-20",
    validTo: "2021-12-31",
  },
  {
    name: "tech",
    category: "奖补",
    title: "企业技术改造专项资金补助",
    content:
      "落实省政府推进企业技术改造部署，对煤、焦、冶、化、电等行业及新技术、新产品、新工艺、新装备的技术改造项目，按设备投资额的8%给予补助，单个项目最高1000万元。",
    validFrom: "2017-05-10",
    validTo: "2019-12-31",
  },
  {
    name: "rd",
    category: "税收",
    title: "研发费用加计扣除和高新技术企业税收优惠",
    content:
      "积极落实研发费用加计扣除、高新技术企业减按15%税率征收企业所得税、专利资助等政策，税务部门对转型项目企业上门辅导，当年申报当年享受。",
    validFrom: "2017-03-01",
    validTo: null,
  },
  {
    name: "award2014",
    category: "奖补",
    title: "晋中市招商引资奖励办法（2014年）",
    content:
      "对引进市外资金在本市新建工业项目的，按实际到位资金的千分之三给予引荐人奖励。自2017年1月1日起停止执行，由各县（区、市）差异化招商引资优惠政策替代。",
    validFrom: "2014-06-01",
    validTo: "2016-12-31",
  },
];

/** Each county's industries its 差异化招商引资优惠政策 favours (report: 根据县域产业规划，研究探索出台差异化招商引资优惠政策). */
const COUNTY_FOCUS: Record<CountyKey, { focus: string; from: IsoDate; rate: string; cap: number }> = {
  yuci: { focus: "装备制造、现代服务业和文化旅游", from: "2017-05-08", rate: "3%", cap: 1000 },
  yushe: { focus: "化工新材料和现代农业", from: "2017-06-01", rate: "4%", cap: 600 },
  zuoquan: { focus: "新能源、文化旅游和特色农产品加工", from: "2017-06-12", rate: "4%", cap: 600 },
  heshun: { focus: "煤层气、新能源和牛产业", from: "2017-06-20", rate: "4%", cap: 500 },
  xiyang: { focus: "现代煤化工、新材料和红色旅游", from: "2017-05-25", rate: "4%", cap: 800 },
  shouyang: { focus: "煤电、光伏和现代煤化工", from: "2017-05-16", rate: "3%", cap: 800 },
  taigu: { focus: "农产品加工、设施农业和生物医药", from: "2017-05-22", rate: "3%", cap: 800 },
  qixian: { focus: "玻璃器皿、新材料和文化旅游", from: "2017-06-05", rate: "4%", cap: 500 },
  pingyao: { focus: "文化旅游、牛肉及特色食品加工", from: "2017-05-31", rate: "3%", cap: 600 },
  lingshi: { focus: "煤焦电铝循环产业和节能环保", from: "2017-06-15", rate: "3%", cap: 800 },
  jiexiu: { focus: "焦化集聚区、新材料和现代物流", from: "2017-05-18", rate: "3%", cap: 800 },
  etdz: { focus: "新能源汽车、装备制造和生物医药", from: "2017-04-28", rate: "5%", cap: 2000 },
  sfq: { focus: "电子信息、科技研发和现代服务业", from: "2017-05-05", rate: "5%", cap: 1500 },
  nonggu: { focus: "农业科技、功能食品和农产品精深加工", from: "2017-05-12", rate: "5%", cap: 1000 },
};

/** Counties (and zones) whose 税收 policy returns the local share of new enterprises' taxes. */
const TAX_RETURN: readonly CountyKey[] = ["yuci", "taigu", "jiexiu", "etdz", "sfq", "nonggu"];

function countyPolicies(): PolicyDef[] {
  return COUNTIES.flatMap((c): PolicyDef[] => {
    const f = COUNTY_FOCUS[c.key];
    if (!f) throw new Error(`seed: no policy focus for county ${c.key}`);
    const list: PolicyDef[] = [
      {
        key: `${c.key}.award`,
        county: c.key,
        category: "奖补",
        title: `${c.name}差异化招商引资优惠政策（固定资产投资奖补）`,
        content: `根据县域产业规划，对新引进的${f.focus}项目，固定资产投资（不含土地）达到5000万元以上并按期开工的，按实际完成固定资产投资的${f.rate}给予奖补，单个项目最高${f.cap}万元，分两年兑现。`,
        validFrom: f.from,
        validTo: "2019-12-31",
      },
    ];
    if (TAX_RETURN.includes(c.key))
      list.push({
        key: `${c.key}.tax`,
        county: c.key,
        category: "税收",
        title: `${c.name}新落户企业税收地方留成奖励`,
        content: `新落户${c.name}的工业和现代服务业企业，自投产之日起三年内缴纳的增值税、企业所得税地方留成部分全额奖励企业用于扩大再生产，第四、五年减半奖励。`,
        validFrom: f.from,
        validTo: "2020-12-31",
      });
    return list;
  });
}

/** 寿阳县: coal-subsidence and barren land leased to new-energy projects (the seeded 光伏 project applies it). */
const LEASE: PolicyDef = {
  key: "shouyang.lease",
  county: "shouyang",
  category: "土地",
  title: "采煤沉陷区及荒山荒坡土地租赁供地",
  content:
    "光伏、风电等新能源项目使用采煤沉陷区及荒山荒坡等未利用地的，可以租赁方式供地，租金分年缴纳，租期不超过20年；不改变地表形态的光伏方阵用地不征收土地出让金。",
  validFrom: "2016-05-01",
  validTo: "2018-12-31",
};

/** The library, city first: the order the rows get their ids in. */
export const POLICY_LIBRARY: readonly PolicyDef[] = [
  ...CITY.map(({ name, ...p }) => ({ ...p, key: `city.${name}`, county: null })),
  ...countyPolicies(),
  LEASE,
];

/** The library key a project's incentive applies: "city.fund" as is, "county.award" of the project's county. */
export function policyKey(ref: PolicyRef, county: string): string {
  return ref.startsWith("county.") ? `${county}.${ref.slice("county.".length)}` : ref;
}
