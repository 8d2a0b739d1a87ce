// Shapes shared by the seed's data lists and builders.
import type { SourceRegion } from "./enterprises.ts";
import type { PolicyRef } from "./policies.ts";
import type { IndustryCode } from "./reference.ts";
import type { IsoDate } from "./time.ts";

export type Stage = "SIGNED" | "LAND" | "FUNDING" | "STARTED" | "COMPLETED";
export const STAGES: readonly Stage[] = ["SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"];
export type Lag = "none" | "yellow" | "red";
export type Pool = "ACTIVE" | "RESERVE" | "WITHDRAWN";
export type Origin = "ATTRACTION" | "LOCAL";
export type AttractionMethod = "PRECISION" | "TARGETED" | "COMMISSIONED" | "BUSINESS_REFERRAL" | "EXPO" | "OTHER";
export type LandMethod = "出让" | "弹性出让" | "先租后让" | "租赁" | "划拨";

export interface IncentiveSpec {
  kind: string;
  /** the terms promised to this project */
  content: string;
  amount?: number;
  /** the library policy it applies (prisma/seed/policies.ts) */
  policy?: PolicyRef;
}

export interface LandSpec {
  /** 亩 */
  area: number;
  method?: LandMethod;
  instalments?: boolean;
}

/** One project as the data lists describe it; the builders turn it into rows. */
export interface ProjectSpec {
  code: string;
  name: string;
  county: string;
  industry: IndustryCode;
  ent: string | null;
  origin: Origin;
  sourceRegion?: SourceRegion;
  method?: AttractionMethod;
  /** 万元 */
  total: number;
  /** 万元; LOCAL projects carry 0 (their 2017 investment is counted from investment records). */
  contract: number;
  /** 万元, the year's planned investment. */
  plan: number;
  planYear: number;
  isTransformation: boolean;
  pool: Pool;
  /** Actual signing date; null = not signed yet (PREPARING). */
  signed: IsoDate | null;
  /** The last stage reached by 2017-12-31 (null when not signed). */
  reach: Stage | null;
  /** Lateness of the next planned milestone as of 2017-12-31; chosen by the builder when omitted. */
  lag?: Lag;
  /** Explicit actual dates for some stages (named projects whose dates the report implies). */
  dates?: Partial<Record<Stage, IsoDate>>;
  /** Investment records stop after this month of 2017 (a stalled site). */
  stallAfter?: number;
  team: number | null;
  content: string;
  land?: LandSpec;
  incentives?: IncentiveSpec[];
  /** 2017-09-28 动态调整 that put the project where it is now. */
  adjustment?: { from: Pool; to: Pool; reason: string };
  /** Planned signing date for PREPARING projects. */
  plannedSigned?: IsoDate;
}
