// What `npm run bench` measures. Pages use the province dataset (npm run bench:data); `sql` is the raw SQL
// that yields the same numbers as an aggregate page, timed alone for the page ÷ SQL ratio.
export const BUDGETS = { pageP95: 50, sqlRatio: 1.5, writeP95: 30, rps: 300, loadP95: 100, jsKb: 150 };

export const scenarios = [
  { name: "项目库：默认（最近更新）", user: "bureau", path: "/projects" },
  { name: "项目库：县区 + 阶段筛选，按总投资排序", user: "bureau", path: "/projects?county=1&stage=STARTED&sort=totalInvestment&dir=desc" },
  { name: "项目库：文本搜索", user: "bureau", path: "/projects?q=%E5%85%89%E4%BC%8F" },
  { name: "项目库：2017 转型项目，按阶段排序", user: "bureau", path: "/projects?year=2017&transformation=1&sort=stage&dir=asc" },
  { name: "项目库：深翻页（第 2000 页）", user: "bureau", path: "/projects?page=2000&sort=name&dir=asc" },
  { name: "项目库：县区账号（范围限定）", user: "county.yuci", path: "/projects" },
  { name: "项目详情", user: "bureau", path: "/projects/1" },
];

export const writeScenarios = [];

export const loadMix = [
  { user: "bureau", path: "/projects" },
  { user: "bureau", path: "/projects?q=%E5%85%89%E4%BC%8F" },
  { user: "county.yuci", path: "/projects" },
  { user: "bureau", path: "/projects/1" },
];

/** Main routes whose first-load JS is reported: route ids from the Remix manifest. */
export const mainRoutes = [
  { label: "首页", routeIds: ["routes/_app", "routes/_app._index"] },
  { label: "项目库", routeIds: ["routes/_app", "routes/_app.projects._index"] },
  { label: "项目详情", routeIds: ["routes/_app", "routes/_app.projects.$projectId"] },
  { label: "登录", routeIds: ["routes/login"] },
];
