// Enterprises: the investors behind the report's named projects, Jinzhong's 优势企业 (exactly 35 flagged),
// and plausible investors from 京津冀, 长三角, 珠三角 and elsewhere (generated names; demonstration data).
import type { IndustryCode } from "./reference.ts";

export type SourceRegion =
  "JINGJINJI" | "TIANJIN" | "YANGTZE_DELTA" | "PEARL_DELTA" | "IN_PROVINCE" | "OTHER_DOMESTIC" | "OVERSEAS" | "LOCAL";

export interface EnterpriseDef {
  key: string;
  name: string;
  /** Used in project names ("中科德润石墨烯导电材料项目"). */
  short: string;
  /** 6-digit region code of the registration authority (统一社会信用代码 chars 3–8). */
  region: string;
  /** 来源地: where the investor comes from. */
  origin: string;
  /** County (key) where it operates in Jinzhong. */
  county: string;
  industry: IndustryCode;
  isKey: boolean;
  /** Service team no. (优势企业 are served by teams). */
  team?: number;
  /** Generic investors may be drawn as the enterprise of generated attraction projects. */
  generic?: boolean;
}

const E = (
  key: string,
  name: string,
  short: string,
  region: string,
  origin: string,
  county: string,
  industry: IndustryCode,
  isKey: boolean,
  team?: number,
): EnterpriseDef => ({ key, name, short, region, origin, county, industry, isKey, team });

const G = (
  key: string,
  name: string,
  short: string,
  region: string,
  origin: string,
  county: string,
  industry: IndustryCode,
): EnterpriseDef => ({ key, name, short, region, origin, county, industry, isKey: false, generic: true });

export const ENTERPRISES: readonly EnterpriseDef[] = [
  // — companies behind the report's named projects —
  E("geely", "浙江吉利控股集团有限公司", "吉利", "330108", "浙江省杭州市", "etdz", "EQUIP", true, 1),
  E("dongfang", "东方希望集团有限公司", "东方希望", "310115", "上海市", "lingshi", "MATERIAL", true, 5),
  E("bochuang", "山西博创纳米材料科技有限公司", "博创纳米", "140702", "北京市", "yuci", "MATERIAL", true, 4),
  E("zhongding", "山西中鼎物流集团有限公司", "中鼎物流", "140702", "山西省晋中市", "yuci", "LOGISTICS", true, 15),
  E("lining", "李宁（中国）体育用品有限公司", "李宁", "110112", "北京市", "yuci", "TOURISM", false),
  E("jinneng", "晋能集团有限公司", "晋能", "140106", "山西省太原市", "etdz", "ENERGY", true, 7),
  E("shanshan", "杉杉控股有限公司", "杉杉", "330212", "浙江省宁波市", "yuci", "TRADE", false),
  E("kaijia", "山西凯嘉能源集团有限公司", "凯嘉", "140781", "山西省晋中市", "jiexiu", "ENERGY", true, 25),
  E("taizhong", "太重集团榆次液压工业有限公司", "太重榆液", "140702", "山西省太原市", "yuci", "EQUIP", true, 2),
  E("gaoxing", "山西高行液压股份有限公司", "高行液压", "140702", "山西省晋中市", "yuci", "EQUIP", true, 2),
  E("fangsheng", "山西方盛液压机电设备有限公司", "方盛液压", "140702", "山西省晋中市", "yuci", "EQUIP", true, 2),
  E("guangsheng", "山西广生胶囊有限公司", "广生", "140726", "山西省晋中市", "taigu", "BIOMED", true, 11),
  E("zhendong", "山西振东健康产业集团有限公司", "振东", "140481", "山西省长治市", "etdz", "BIOMED", true, 11),
  E("yili", "内蒙古伊利实业集团股份有限公司", "伊利", "150100", "内蒙古自治区呼和浩特市", "nonggu", "FOOD", true, 12),
  E("tongyi", "统一企业（中国）投资有限公司", "统一", "310112", "上海市", "etdz", "FOOD", true, 12),
  E("wahaha", "杭州娃哈哈集团有限公司", "娃哈哈", "330102", "浙江省杭州市", "yuci", "FOOD", true, 12),
  E("jinhan", "山西晋汉生物科技有限公司", "晋汉生物", "140721", "山西省晋中市", "yushe", "FOOD", true, 29),
  E("yangmei", "阳泉煤业（集团）有限责任公司", "阳煤", "140303", "山西省阳泉市", "shouyang", "COALCHEM", true, 8),
  E("hqc", "华侨城集团有限公司", "华侨城", "440305", "广东省深圳市", "xiyang", "TOURISM", false),
  E("wanda", "大连万达集团股份有限公司", "万达", "210203", "辽宁省大连市", "yuci", "TRADE", false),
  E(
    "huabei",
    "山西华北铸造物流城开发有限公司",
    "华北铸造物流城",
    "140726",
    "山西省晋中市",
    "taigu",
    "LOGISTICS",
    true,
    23,
  ),
  E("zhangze", "山西漳泽电力股份有限公司", "漳泽电力", "140105", "山西省太原市", "zuoquan", "ENERGY", true, 6),
  E("jingneng", "北京京能电力股份有限公司", "京能", "110107", "北京市", "shouyang", "ENERGY", true, 6),
  E("gemeng", "格盟国际能源有限公司", "格盟", "140105", "山西省太原市", "lingshi", "ENERGY", true, 6),
  E("xiexin", "协鑫新能源投资（中国）有限公司", "协鑫", "320500", "江苏省苏州市", "shouyang", "ENERGY", true, 7),
  E(
    "lingshicoke",
    "山西灵石宏源焦化集团有限公司",
    "宏源焦化",
    "140729",
    "山西省晋中市",
    "lingshi",
    "COALCHEM",
    true,
    9,
  ),
  E("antai", "山西安泰集团股份有限公司", "安泰", "140781", "山西省晋中市", "jiexiu", "COALCHEM", true, 9),
  E("semi", "山西示范区晋中半导体产业发展有限公司", "半导体产业园", "140702", "山西省晋中市", "sfq", "ICT", false),
  E("genav", "晋中通用航空产业发展有限公司", "通航产业", "140702", "山西省晋中市", "sfq", "EQUIP", false),
  E("park108", "晋中一零八科技产业园开发建设有限公司", "108科技产业园", "140702", "山西省晋中市", "yuci", "ICT", false),
  E("wangjia", "山西灵石王家大院旅游发展有限公司", "王家大院", "140729", "山西省晋中市", "lingshi", "TOURISM", false),
  // — Jinzhong's 优势企业 and local investors —
  E("jingwei", "经纬纺织机械股份有限公司", "经纬纺机", "110115", "北京市", "yuci", "EQUIP", true, 2),
  E("qibo", "山西祁县玻璃器皿集团有限公司", "祁玻", "140727", "山西省晋中市", "qixian", "MATERIAL", true, 23),
  E("guangyuyuan", "广誉远中药股份有限公司", "广誉远", "140726", "山西省晋中市", "taigu", "BIOMED", true, 11),
  E("deyuantang", "山西德元堂药业有限公司", "德元堂", "140702", "山西省晋中市", "yuci", "BIOMED", true, 11),
  E("pybeef", "山西平遥牛肉集团有限公司", "平遥牛肉", "140728", "山西省晋中市", "pingyao", "FOOD", true, 24),
  E("duanwang", "山西寿阳段王煤业集团有限公司", "段王", "140725", "山西省晋中市", "shouyang", "ENVIRO", true, 27),
  E("tianhai", "山西天海泵业有限公司", "天海泵业", "140702", "山西省晋中市", "yuci", "ENVIRO", true, 10),
  E("lanyan", "山西蓝焰煤层气集团有限责任公司", "蓝焰", "140502", "山西省晋城市", "zuoquan", "ENERGY", true, 7),
  E("zhonglian", "中联煤层气有限责任公司", "中联", "110101", "北京市", "heshun", "ENERGY", true, 7),
  E("magang", "山西太谷玛钢铸造产业园有限公司", "太谷玛钢", "140726", "山西省晋中市", "taigu", "MATERIAL", true, 5),
  E("sanjia", "山西三佳煤化有限公司", "三佳煤化", "140781", "山西省晋中市", "jiexiu", "COALCHEM", true, 30),
  E("ruiguang", "山西晋中瑞光热电有限责任公司", "瑞光热电", "140702", "山西省晋中市", "yuci", "ENERGY", true, 30),
  E("nonggudev", "山西农谷建设投资有限公司", "农谷建投", "140726", "山西省晋中市", "nonggu", "AGRI", false),
  E("mushroom", "昔阳县鑫农食用菌开发有限公司", "鑫农食用菌", "140724", "山西省晋中市", "xiyang", "AGRI", false),
  E("fruit", "祁县晋丰果业有限公司", "晋丰果业", "140727", "山西省晋中市", "qixian", "FOOD", false),
  // — investors drawn for generated attraction projects —
  G("g01", "北京中科德润新材料科技有限公司", "中科德润", "110108", "北京市海淀区", "etdz", "MATERIAL"),
  G("g02", "北京华清智源环保科技有限公司", "华清智源", "110108", "北京市海淀区", "shouyang", "ENVIRO"),
  G("g03", "北京京诚瑞达智能装备有限公司", "京诚瑞达", "110115", "北京市大兴区", "yuci", "EQUIP"),
  G("g04", "北京国润通供应链管理有限公司", "国润通", "110105", "北京市朝阳区", "sfq", "LOGISTICS"),
  G("g05", "北京鼎泰康医药科技有限公司", "鼎泰康", "110114", "北京市昌平区", "nonggu", "BIOMED"),
  G("g06", "河北冀中华精密机械有限公司", "冀中华", "130100", "河北省石家庄市", "etdz", "EQUIP"),
  G("g07", "天津滨海海联物流有限公司", "海联物流", "120116", "天津市滨海新区", "yuci", "LOGISTICS"),
  G("g08", "天津中环恒信电子科技有限公司", "恒信电子", "120116", "天津市滨海新区", "sfq", "ICT"),
  G("g09", "天津泰达绿源环境工程有限公司", "绿源环境", "120116", "天津市滨海新区", "jiexiu", "ENVIRO"),
  G("g10", "天津宏达重工装备有限公司", "宏达重工", "120111", "天津市西青区", "yuci", "EQUIP"),
  G("g11", "上海浦江新能源科技有限公司", "浦江新能源", "310115", "上海市浦东新区", "heshun", "ENERGY"),
  G("g12", "上海联创生物医药有限公司", "联创生物", "310112", "上海市闵行区", "etdz", "BIOMED"),
  G("g13", "上海宝翔供应链管理有限公司", "宝翔供应链", "310113", "上海市宝山区", "qixian", "LOGISTICS"),
  G("g14", "江苏常润精密机械有限公司", "常润精密", "320400", "江苏省常州市", "yuci", "EQUIP"),
  G("g15", "苏州华芯微电子科技有限公司", "华芯微电子", "320500", "江苏省苏州市", "sfq", "ICT"),
  G("g16", "无锡瑞锋环保设备有限公司", "瑞锋环保", "320200", "江苏省无锡市", "lingshi", "ENVIRO"),
  G("g17", "南京中盛食品有限公司", "中盛食品", "320100", "江苏省南京市", "qixian", "FOOD"),
  G("g18", "宁波博瑞新材料有限公司", "博瑞新材料", "330200", "浙江省宁波市", "lingshi", "MATERIAL"),
  G("g19", "杭州华信云数据科技有限公司", "华信云", "330100", "浙江省杭州市", "sfq", "ICT"),
  G("g20", "浙江天曜光伏科技有限公司", "天曜光伏", "330700", "浙江省金华市", "yushe", "ENERGY"),
  G("g21", "温州万宏汽车零部件有限公司", "万宏汽配", "330300", "浙江省温州市", "etdz", "EQUIP"),
  G("g22", "深圳市鹏瑞新能源科技有限公司", "鹏瑞新能源", "440300", "广东省深圳市", "etdz", "EQUIP"),
  G("g23", "深圳市华拓电子科技有限公司", "华拓电子", "440300", "广东省深圳市", "etdz", "ICT"),
  G("g24", "广州粤丰农业发展有限公司", "粤丰农业", "440100", "广东省广州市", "nonggu", "AGRI"),
  G("g25", "东莞市恒通精密模具有限公司", "恒通模具", "441900", "广东省东莞市", "taigu", "MATERIAL"),
  G("g26", "山东鲁华重型机械有限公司", "鲁华重机", "370100", "山东省济南市", "shouyang", "EQUIP"),
  G("g27", "青岛海晟食品有限公司", "海晟食品", "370200", "山东省青岛市", "pingyao", "FOOD"),
  G("g28", "河南中原农牧科技有限公司", "中原农牧", "410100", "河南省郑州市", "xiyang", "AGRI"),
  G("g29", "福建闽兴文旅发展有限公司", "闽兴文旅", "350100", "福建省福州市", "pingyao", "TOURISM"),
  G("g30", "厦门海润医疗器械有限公司", "海润医疗", "350200", "福建省厦门市", "yuci", "BIOMED"),
  G("g31", "成都蜀信科技有限公司", "蜀信科技", "510100", "四川省成都市", "yuci", "ICT"),
  G("g32", "武汉光谷华源光电有限公司", "华源光电", "420100", "湖北省武汉市", "etdz", "ICT"),
  G("g33", "西安秦川智造科技有限公司", "秦川智造", "610100", "陕西省西安市", "yuci", "EQUIP"),
  G("g34", "太原鑫泰科技有限公司", "鑫泰科技", "140105", "山西省太原市", "jiexiu", "MATERIAL"),
  G("g35", "山西龙城物流有限公司", "龙城物流", "140100", "山西省太原市", "taigu", "LOGISTICS"),
  G("g36", "大同市云冈新能源有限公司", "云冈新能源", "140200", "山西省大同市", "zuoquan", "ENERGY"),
  G("g37", "长治市上党药业有限公司", "上党药业", "140400", "山西省长治市", "taigu", "BIOMED"),
  G("g38", "鄂尔多斯市蒙能煤化工有限公司", "蒙能煤化工", "150600", "内蒙古自治区鄂尔多斯市", "lingshi", "COALCHEM"),
  G("g39", "晋中港汇实业有限公司", "港汇实业", "140702", "香港特别行政区", "yuci", "TRADE"),
  G("g40", "北京燕山文旅投资有限公司", "燕山文旅", "110105", "北京市朝阳区", "zuoquan", "TOURISM"),
  G("g41", "天津渤海津晋产业投资有限公司", "津晋产投", "120101", "天津市和平区", "sfq", "TRADE"),
  G("g42", "杭州西溪康养产业有限公司", "西溪康养", "330100", "浙江省杭州市", "heshun", "TOURISM"),
];

/** Where an investor comes from, as the pipeline's source-region categories. */
export function sourceRegionOf(origin: string): SourceRegion {
  if (origin.startsWith("山西省晋中市")) return "LOCAL";
  if (origin.startsWith("山西")) return "IN_PROVINCE";
  if (origin.startsWith("天津")) return "TIANJIN";
  if (origin.startsWith("北京") || origin.startsWith("河北")) return "JINGJINJI";
  if (/^(上海|江苏|浙江|安徽)/.test(origin)) return "YANGTZE_DELTA";
  if (origin.startsWith("广东")) return "PEARL_DELTA";
  if (/^(香港|澳门|台湾)/.test(origin)) return "OVERSEAS";
  return "OTHER_DOMESTIC";
}

export function enterpriseDef(key: string): EnterpriseDef {
  const e = ENTERPRISES.find((x) => x.key === key);
  if (!e) throw new Error(`unknown enterprise ${key}`);
  return e;
}

/** Enterprise keys that get an ENTERPRISE login (ent.<key>). */
export const ENTERPRISE_LOGINS: readonly string[] = [
  "geely",
  "dongfang",
  "zhendong",
  "yili",
  "jinneng",
  "hqc",
  "taizhong",
];
