// Turns a project spec into its dated history: milestones (planned and actual), funding instalments and
// monthly investment. Invariants the app relies on:
//  - actual dates form an unbroken chain SIGNED → … → reach, non-decreasing, none after 2017-12-31;
//  - FUNDING's actual date is the date the first funding record arrived; no FUNDING without funding records;
//  - the next unreached stage has a planned date whose lateness as of 2017-12-31 is the spec's lag class
//    (none: planned ≥ 12-01; yellow: 10-01…11-30; red: ≤ 09-30 — docs/design.md §4, app/domain/stage.ts `lagging`);
//  - investment records (transformation projects only) cover the months under construction.
// The year is shaped to YEAR_END; plan.ts's clampToDemo then turns everything after the demo date into plans.
import { type Rng, roundTo, splitInteger } from "./rng.ts";
import {
  addDays,
  AS_OF,
  daysBetween,
  maxIso,
  minIso,
  monthOf,
  randomDate,
  yearOf,
  YEAR_END,
  type IsoDate,
} from "./time.ts";
import { STAGES, type Lag, type ProjectSpec, type Stage } from "./types.ts";

export interface MilestoneDraft {
  stage: Stage;
  planned: IsoDate | null;
  actual: IsoDate | null;
}

export interface FundingDraft {
  on: IsoDate;
  amount: number;
  source: string;
}

export interface InvestmentDraft {
  year: number;
  month: number;
  amount: number;
}

export interface Progress {
  milestones: MilestoneDraft[];
  funding: FundingDraft[];
  investments: InvestmentDraft[];
  lag: Lag;
}

const RED_LAST: IsoDate = "2017-09-30";
const YELLOW_FIRST: IsoDate = "2017-10-01";
const YELLOW_LAST: IsoDate = "2017-11-30";
const NONE_FIRST: IsoDate = "2017-12-01";

// Seasonal shape of monthly construction investment in Shanxi (winter stoppage, Spring Festival).
const SEASON = [0.35, 0.3, 0.8, 1.1, 1.2, 1.2, 1.15, 1.1, 1.2, 1.15, 0.85, 0.55];

/** Desired days from the previous stage to this one. */
function gapDays(rng: Rng, stage: Stage, total: number): number {
  switch (stage) {
    case "SIGNED":
      return 0;
    case "LAND":
      return rng.int(30, 120);
    case "FUNDING":
      return rng.int(15, 80);
    case "STARTED":
      return rng.int(15, 90);
    case "COMPLETED": {
      // Bigger projects take longer to build.
      const base = total >= 500_000 ? 540 : total >= 100_000 ? 360 : total >= 30_000 ? 240 : 150;
      return Math.round(base * rng.float(0.8, 1.3));
    }
  }
}

function rankOf(s: Stage | null): number {
  return s ? STAGES.indexOf(s) : -1;
}

function chooseLag(rng: Rng, spec: ProjectSpec, next: Stage): Lag {
  if (spec.lag) return spec.lag;
  return next === "COMPLETED"
    ? rng.weighted([
        ["none", 70],
        ["yellow", 12],
        ["red", 18],
      ] as const)
    : rng.weighted([
        ["none", 42],
        ["yellow", 26],
        ["red", 32],
      ] as const);
}

/** A planned date for `next` with the wanted lateness, degrading red → yellow → none when impossible. */
function plannedForLag(rng: Rng, lag: Lag, lower: IsoDate, natural: IsoDate): { planned: IsoDate; lag: Lag } {
  if (lag === "red" && lower <= RED_LAST) {
    const hi = minIso(RED_LAST, maxIso(lower, addDays(lower, 150)));
    return { planned: randomDate(rng, lower, hi), lag };
  }
  if ((lag === "red" || lag === "yellow") && maxIso(lower, YELLOW_FIRST) <= YELLOW_LAST) {
    return { planned: randomDate(rng, maxIso(lower, YELLOW_FIRST), YELLOW_LAST), lag: "yellow" };
  }
  const from = maxIso(lower, NONE_FIRST);
  return { planned: maxIso(natural, randomDate(rng, from, addDays(from, 120))), lag: "none" };
}

export function buildProgress(spec: ProjectSpec, rng: Rng): Progress {
  const ms: MilestoneDraft[] = STAGES.map((stage) => ({ stage, planned: null, actual: null }));
  const gaps = STAGES.map((s) => gapDays(rng, s, spec.total));

  if (!spec.signed || !spec.reach) {
    // Not signed yet: the planned schedule only.
    let d = spec.plannedSigned ?? "2018-03-31";
    for (let k = 0; k < STAGES.length; k++) {
      d = addDays(d, gaps[k]);
      ms[k].planned = d;
    }
    return { milestones: ms, funding: [], investments: [], lag: "none" };
  }

  const r = rankOf(spec.reach);
  const explicit = spec.dates ?? {};
  ms[0].actual = spec.signed;

  // Actual dates: runs of generated dates between anchors (the signing date, explicit dates, and a last
  // logged date a little before 2017-12-31), squeezed when the desired gaps do not fit.
  // the last facts fall a little before the demo date (AS_OF); what comes later is clamped to plans (plan.ts)
  const end = addDays(AS_OF, -rng.int(3, 25));
  let k = 1;
  while (k <= r) {
    let j = k;
    while (j <= r && !explicit[STAGES[j]]) j++;
    const from = ms[k - 1].actual!;
    const anchored = j <= r;
    const upper = anchored ? explicit[STAGES[j]]! : from < end ? end : minIso(YEAR_END, addDays(from, rng.int(2, 10)));
    const run = gaps.slice(k, anchored ? j + 1 : j);
    const want = run.reduce((s, g) => s + g, 0);
    const room = daysBetween(from, upper);
    const scale = want > room ? Math.max(0, room) / want : 1;
    let d = from;
    for (let x = k; x < j; x++) {
      d = addDays(d, Math.floor(gaps[x] * scale));
      ms[x].actual = minIso(d, upper);
    }
    if (anchored) ms[j].actual = explicit[STAGES[j]]!;
    k = j + 1;
  }

  // Planned dates of reached stages: near the actual one, sometimes earlier (it was late), sometimes later.
  ms[0].planned = addDays(spec.signed, -rng.int(0, 30));
  for (let x = 1; x <= r; x++) {
    const p = addDays(ms[x].actual!, -rng.int(-20, 40));
    ms[x].planned = maxIso(p, ms[x - 1].planned!);
  }

  let lag: Lag = "none";
  if (r < STAGES.length - 1) {
    const next = STAGES[r + 1];
    const lower = addDays(maxIso(ms[r].actual!, ms[r].planned!), 10);
    const natural = addDays(ms[r].actual!, gaps[r + 1]);
    const chosen = plannedForLag(rng, chooseLag(rng, spec, next), lower, natural);
    ms[r + 1].planned = chosen.planned;
    lag = chosen.lag;
    for (let x = r + 2; x < STAGES.length; x++) ms[x].planned = addDays(ms[x - 1].planned!, gaps[x]);
  }

  const funding = r >= 2 ? buildFunding(spec, rng, ms) : [];
  const investments = spec.isTransformation && r >= 3 ? buildInvestments(spec, rng, ms, lag) : [];
  return { milestones: ms, funding, investments, lag };
}

function fundingSources(spec: ProjectSpec): readonly (readonly [string, number])[] {
  const hasFund = spec.incentives?.some((i) => i.kind === "基金") ?? false;
  const hasPpp = spec.incentives?.some((i) => i.content.includes("PPP")) ?? false;
  return [
    ["企业自筹", 40],
    ["银行贷款", 25],
    ["股东增资", spec.origin === "ATTRACTION" ? 15 : 5],
    ["产业基金", hasFund ? 20 : 4],
    ["PPP", hasPpp ? 20 : 0],
  ];
}

function buildFunding(spec: ProjectSpec, rng: Rng, ms: MilestoneDraft[]): FundingDraft[] {
  const first = ms[2].actual!;
  const reach = rankOf(spec.reach);
  const base = spec.contract > 0 ? spec.contract : spec.total;
  const share = reach >= 4 ? rng.float(0.6, 0.8) : reach >= 3 ? rng.float(0.32, 0.78) : rng.float(0.12, 0.4);
  const amount = Math.max(10, roundTo(base * share, 10));
  const span = daysBetween(first, AS_OF);
  const granted = spec.incentives?.some((x) => x.kind === "基金" || x.content.includes("PPP")) ?? false;
  const n = Math.max(
    granted && span > 30 ? 2 : 1,
    Math.min(rng.int(1, 5), 1 + Math.floor(span / 45), Math.floor(amount / 10)),
  );
  const dates: IsoDate[] = [first];
  for (let i = 1; i < n; i++) dates.push(randomDate(rng, addDays(first, 7), AS_OF));
  dates.sort();
  const weights = dates.map((_, i) => (i === 0 ? rng.float(1.2, 2.5) : rng.float(0.5, 1.5)));
  const parts = splitInteger(amount, weights, 10);
  const sources = fundingSources(spec);
  const hasPpp = spec.incentives?.some((x) => x.content.includes("PPP")) ?? false;
  const hasFund = spec.incentives?.some((x) => x.kind === "基金") ?? false;
  const sourceOf = (i: number) => {
    if (i === 0) return spec.origin === "ATTRACTION" ? rng.pick(["企业自筹", "股东增资"]) : "企业自筹";
    // The second instalment is where the PPP money or the 促转型增动能 fund comes in, when granted.
    if (i === 1 && hasPpp) return "PPP";
    if (i === 1 && hasFund) return "产业基金";
    return rng.weighted(sources);
  };
  return dates.map((on, i) => ({ on, amount: parts[i], source: sourceOf(i) })).filter((f) => f.amount > 0);
}

function buildInvestments(spec: ProjectSpec, rng: Rng, ms: MilestoneDraft[], lag: Lag): InvestmentDraft[] {
  const started = ms[3].actual!;
  const completed = ms[4].actual;
  const out: InvestmentDraft[] = [];

  // 2016: the months a project that started in 2016 was already under construction.
  if (yearOf(started) <= 2016 && (!completed || yearOf(completed) >= 2017)) {
    const m0 = yearOf(started) < 2016 ? 1 : monthOf(started);
    const months = Array.from({ length: 12 - m0 + 1 }, (_, i) => m0 + i);
    const total2016 = roundTo(spec.total * rng.float(0.06, 0.16), 10);
    const parts = splitInteger(
      total2016,
      months.map((m) => SEASON[m - 1] * rng.float(0.7, 1.3)),
      10,
    );
    months.forEach((m, i) => out.push({ year: 2016, month: m, amount: parts[i] }));
  }

  if (completed && yearOf(completed) < 2017) return out;
  const first = yearOf(started) < 2017 ? 1 : monthOf(started);
  let last = completed && yearOf(completed) === 2017 ? monthOf(completed) : 12;
  // A stalled site: nothing reported for the last months of the year.
  const stall = spec.stallAfter ?? (lag === "red" ? rng.int(8, 10) : lag === "yellow" ? rng.int(10, 11) : undefined);
  if (stall !== undefined) last = Math.min(last, Math.max(first, stall));
  const months = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const ratio = stall !== undefined ? rng.float(0.55, 0.85) : completed ? rng.float(0.95, 1.1) : rng.float(0.98, 1.28);
  const total2017 = Math.max(10 * months.length, roundTo(spec.plan * ratio, 10));
  const parts = splitInteger(
    total2017,
    months.map((m) => SEASON[m - 1] * rng.float(0.75, 1.25)),
    10,
  );
  months.forEach((m, i) => out.push({ year: 2017, month: m, amount: parts[i] }));
  return out;
}
