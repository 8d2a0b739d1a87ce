// 线索分析's groupings and the stages a lead dwells in (issue 22 item 5, docs/decisions/180): shared by the page and
// its presenter. They live here, not in PipelinePresenter.server.ts, because the page's component reads them in the
// browser, where a .server module is empty.
export const PIPELINE_DIMENSIONS = ["all", "county", "owner", "source", "method", "event"] as const;
export type PipelineDimension = (typeof PIPELINE_DIMENSIONS)[number];
export const PIPELINE_DIMENSION_LABELS: Record<PipelineDimension, string> = {
  all: "不分组",
  county: "县区",
  owner: "负责人",
  source: "来源地",
  method: "招商方式",
  event: "推介活动",
};

/** Stages a lead stays in on its way (signed and abandoned leads have left the pipeline). */
export const DWELL_STAGES = ["CONTACT", "INSPECTION", "NEGOTIATION"] as const;
export type DwellStage = (typeof DWELL_STAGES)[number];
