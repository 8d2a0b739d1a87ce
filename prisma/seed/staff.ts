// Users (all with the demo password) and officials (领办领导). Names are generated: demonstration data.
import { ENTERPRISE_LOGINS, enterpriseDef } from "./enterprises.ts";
import { mobilePhone, NameBook, officePhone } from "./people.ts";
import { CITY_OFFICIAL_POSTS, COUNTIES, LEADER_POST_INDEX, TEAMS, type IndustryCode } from "./reference.ts";
import type { Rng } from "./rng.ts";

export type Role =
  "ADMIN" | "BUREAU" | "LEADER" | "EIC" | "COUNTY" | "TEAM" | "ENTERPRISE" | "SECADMIN" | "AUDITOR" | "DEPARTMENT";

export interface UserDraft {
  username: string;
  displayName: string;
  role: Role;
  county?: string;
  team?: number;
  ent?: string;
  /** Department code (责任单位). */
  dept?: string;
  title?: string;
  phone?: string;
}

export interface OfficialDraft {
  key: string;
  name: string;
  title: string;
  level: "CITY" | "COUNTY";
  county?: string;
  user?: string;
  industries: readonly IndustryCode[];
  counties: readonly string[];
  chief?: boolean;
}

export function teamUsername(no: number, member = 0): string {
  const base = `team${String(no).padStart(2, "0")}`;
  return member === 0 ? base : `${base}.m${member}`;
}

export interface Staff {
  users: UserDraft[];
  officials: OfficialDraft[];
}

export function buildStaff(rng: Rng): Staff {
  const names = new NameBook(rng);
  const users: UserDraft[] = [];
  const officials: OfficialDraft[] = [];

  // City officials first: the `leader` user is one of them.
  CITY_OFFICIAL_POSTS.forEach((post, i) => {
    officials.push({
      key: `city${i}`,
      name: names.person(),
      title: `晋中市${post.title}`,
      level: "CITY",
      industries: post.industries,
      counties: post.counties,
      user: i === LEADER_POST_INDEX ? "leader" : undefined,
    });
  });
  for (const c of COUNTIES) {
    officials.push({
      key: `${c.key}.chief`,
      name: names.person(),
      title: `${c.name}${c.chief}`,
      level: "COUNTY",
      county: c.key,
      industries: [],
      counties: [c.key],
      chief: true,
    });
    officials.push({
      key: `${c.key}.deputy`,
      name: names.person(),
      title: `${c.name}${c.deputy}`,
      level: "COUNTY",
      county: c.key,
      industries: [],
      counties: [c.key],
    });
  }

  const leaderOfficial = officials[LEADER_POST_INDEX];
  users.push({
    username: "admin",
    displayName: "系统管理员",
    role: "ADMIN",
    title: "市投资促进局信息中心",
    phone: officePhone(rng),
  });
  users.push({
    username: "bureau",
    displayName: names.person(),
    role: "BUREAU",
    title: "市投资促进局项目推进科科长",
    phone: officePhone(rng),
  });
  users.push({
    username: "leader",
    displayName: leaderOfficial.name,
    role: "LEADER",
    title: leaderOfficial.title,
    phone: officePhone(rng),
  });
  users.push({
    username: "eic",
    displayName: names.person(),
    role: "EIC",
    title: "市经信委企业服务办公室主任",
    phone: officePhone(rng),
  });
  for (const c of COUNTIES) {
    const office = c.kind === "ZONE" ? `${c.name}管委会招商局` : `${c.name}投资促进中心`;
    users.push({
      username: `county.${c.key}`,
      displayName: names.person(),
      role: "COUNTY",
      county: c.key,
      title: office,
      phone: officePhone(rng),
    });
  }
  for (const t of TEAMS) {
    for (let m = 0; m < t.size; m++) {
      const dept = t.depts[m % t.depts.length];
      users.push({
        username: teamUsername(t.no, m),
        displayName: names.person(),
        role: "TEAM",
        team: t.no,
        title: `${m === 0 ? "组长" : "组员"}（${dept}）`,
        phone: mobilePhone(rng),
      });
    }
  }
  for (const key of ENTERPRISE_LOGINS) {
    const e = enterpriseDef(key);
    users.push({
      username: `ent.${key}`,
      displayName: names.person(),
      role: "ENTERPRISE",
      ent: key,
      title: `${e.short}驻晋中项目负责人`,
      phone: mobilePhone(rng),
    });
  }
  // 三员分立 (issue 14): appended last, with fixed names, so the other accounts' ids and generated names stay as
  // they were. `admin` stays a 系统管理员 beside `sysadmin`.
  users.push(
    { username: "sysadmin", displayName: "系统管理员（演示）", role: "ADMIN", title: "市大数据中心系统管理岗" },
    { username: "secadmin", displayName: "安全管理员（演示）", role: "SECADMIN", title: "市大数据中心安全管理岗" },
    { username: "auditor", displayName: "安全审计员（演示）", role: "AUDITOR", title: "市大数据中心安全审计岗" },
  );
  // 责任单位 (docs/decisions/081): after the administrators, for the same reason
  users.push(
    {
      username: "dept.guotu",
      displayName: "国土局联络员（演示）",
      role: "DEPARTMENT",
      dept: "guotu",
      title: "市国土资源局办公室",
    },
    {
      username: "dept.fagai",
      displayName: "发改委联络员（演示）",
      role: "DEPARTMENT",
      dept: "fagai",
      title: "市发展和改革委员会办公室",
    },
  );
  // the other 责任单位 with their own accounts (docs/decisions/140), appended after the first two
  users.push(
    {
      username: "dept.zhujian",
      displayName: "住建局联络员（演示）",
      role: "DEPARTMENT",
      dept: "zhujian",
      title: "市住房和城乡建设局办公室",
    },
    {
      username: "dept.huanbao",
      displayName: "环保局联络员（演示）",
      role: "DEPARTMENT",
      dept: "huanbao",
      title: "市环境保护局办公室",
    },
    {
      username: "dept.shenpi",
      displayName: "审批局联络员（演示）",
      role: "DEPARTMENT",
      dept: "shenpi",
      title: "市行政审批服务管理局办公室",
    },
    {
      username: "dept.gongdian",
      displayName: "供电公司联络员（演示）",
      role: "DEPARTMENT",
      dept: "gongdian",
      title: "国网晋中供电公司营销部",
    },
  );
  return { users, officials };
}
