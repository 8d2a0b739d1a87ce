// Plausible Chinese personal names and phone numbers for demo users, officials and contacts.
// They are generated (demonstration data) and kept unique within one seed run.
import type { Rng } from "./rng.ts";

// Common surnames, weighted towards those frequent in Shanxi.
const SURNAMES: readonly (readonly [string, number])[] = [
  ["王", 12],
  ["李", 10],
  ["张", 10],
  ["刘", 8],
  ["郭", 6],
  ["杨", 6],
  ["赵", 6],
  ["武", 4],
  ["任", 3],
  ["贾", 3],
  ["田", 3],
  ["乔", 2],
  ["阎", 2],
  ["梁", 3],
  ["韩", 3],
  ["孙", 3],
  ["陈", 4],
  ["高", 4],
  ["牛", 2],
  ["史", 2],
  ["冀", 1],
  ["侯", 2],
  ["段", 2],
  ["常", 2],
  ["吕", 2],
  ["薛", 2],
  ["程", 2],
  ["曹", 2],
  ["郝", 2],
  ["温", 2],
  ["范", 2],
  ["白", 2],
  ["崔", 2],
  ["马", 3],
  ["宋", 2],
  ["冯", 2],
  ["许", 1],
  ["秦", 1],
  ["霍", 1],
  ["申", 1],
  ["裴", 1],
  ["渠", 1],
  ["阴", 1],
  ["卫", 1],
  ["柴", 1],
];

const GIVEN_M: readonly string[] = [
  "建国",
  "志强",
  "建军",
  "海军",
  "卫东",
  "晋生",
  "晋平",
  "国平",
  "宏伟",
  "俊峰",
  "鹏飞",
  "文斌",
  "永刚",
  "学军",
  "振华",
  "保国",
  "鑫",
  "磊",
  "强",
  "浩",
  "涛",
  "斌",
  "勇",
  "杰",
  "军",
  "明",
  "亮",
  "刚",
  "伟",
  "峰",
  "宇",
  "晓东",
  "晓明",
  "晓龙",
  "志军",
  "志刚",
  "志勇",
  "国庆",
  "国强",
  "利民",
  "润生",
  "瑞林",
  "天宇",
  "泽宇",
  "建平",
  "建华",
  "春生",
  "福生",
  "忠厚",
  "宏亮",
  "宏斌",
  "晋峰",
  "晋宏",
  "永红",
  "耀武",
  "文龙",
  "继红",
];
const GIVEN_F: readonly string[] = [
  "丽",
  "敏",
  "静",
  "燕",
  "霞",
  "婷",
  "娜",
  "芳",
  "慧",
  "晶",
  "洁",
  "琳",
  "颖",
  "雪",
  "蕾",
  "欣",
  "晓燕",
  "晓丽",
  "晓慧",
  "丽萍",
  "丽娟",
  "丽华",
  "海燕",
  "秀英",
  "桂兰",
  "俊芳",
  "玉梅",
  "艳红",
  "雅琴",
  "晋芳",
  "晋红",
  "文静",
  "思雨",
  "佳琪",
  "雨欣",
  "美玲",
  "瑞芳",
  "春梅",
  "亚楠",
  "翠萍",
];

export class NameBook {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  /** A unique full name; about one in three is a woman's name. */
  person(): string {
    for (let i = 0; i < 200; i++) {
      const surname = this.rng.weighted(SURNAMES);
      const given = this.rng.chance(0.34) ? this.rng.pick(GIVEN_F) : this.rng.pick(GIVEN_M);
      const name = surname + given;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    throw new Error("name book exhausted");
  }

  /** Reserve a name chosen by hand so generated names never repeat it. */
  reserve(name: string) {
    this.used.add(name);
  }
}

/** Jinzhong landline (area code 0354). */
export function officePhone(rng: Rng): string {
  return `0354-${rng.pick(["2", "3", "6", "8"])}${String(rng.int(0, 999999)).padStart(6, "0")}`;
}

/** A mobile number (fictional). */
export function mobilePhone(rng: Rng): string {
  const prefix = rng.pick(["135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "186", "187", "188"]);
  return `${prefix}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`;
}

export const CONTACT_TITLES: readonly string[] = [
  "总经理",
  "副总经理",
  "项目经理",
  "办公室主任",
  "财务总监",
  "董事长助理",
  "投资发展部部长",
  "基建部部长",
];
