// The bureau's ranking-weights form (zod/mini: shared with the browser). Weights are whole numbers summing to 100.
import * as z from "zod/mini";
import { KPI_METRICS, WEIGHTS_TOTAL, type KpiMetric } from "./kpi";

const weight = z.pipe(
  z.string("请填写权重").check(
    z.regex(/^\d{1,3}$/, "权重须为 0–100 的整数"),
    z.refine((s) => Number(s) <= 100, "权重须为 0–100 的整数"),
  ),
  z.transform(Number),
);

export const RankingWeightsForm = z
  .object({
    version: z.pipe(z.string().check(z.regex(/^\d+$/, "版本号无效")), z.transform(Number)),
    START_RATE: weight,
    FUNDING_RATE: weight,
    LANDING_RATE: weight,
    INFLOW_AMOUNT: weight,
    TRANSFORMATION_INVESTMENT: weight,
  })
  .check(
    z.superRefine((v, ctx) => {
      const sum = KPI_METRICS.reduce((s, m) => s + v[m as KpiMetric], 0);
      if (sum !== WEIGHTS_TOTAL) {
        ctx.issues.push({
          code: "custom",
          input: sum,
          path: ["total"],
          message: `各项权重合计须为 ${WEIGHTS_TOTAL}（现为 ${sum}）`,
        });
      }
    }),
  );
