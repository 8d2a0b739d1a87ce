// The report header's GET form: plan year, "as of" date and (for the city's roles) a county. Works without
// JavaScript; hidden fields keep the report's other URL state.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Options } from "~/components/form/Options";

export function PeriodForm({
  year,
  asOf,
  years,
  counties,
  county,
  hidden = {},
  children,
  label = "统计口径",
}: {
  year: number;
  asOf: string;
  years: number[];
  counties?: { id: number; name: string }[];
  county?: number | null;
  hidden?: Record<string, string>;
  children?: ReactNode;
  label?: string;
}) {
  return (
    <Form method="get" className="filters period-form" aria-label={label}>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="field">
        <label htmlFor="p-year">年度</label>
        <select id="p-year" name="year" defaultValue={String(year)} key={`y${year}`}>
          {(years.includes(year) ? years : [year, ...years]).map((y) => (
            <option key={y} value={y}>
              {y}年
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="p-asof">截至日期</label>
        <input id="p-asof" type="date" name="asOf" defaultValue={asOf} key={`a${asOf}`} />
      </div>
      {counties && counties.length ? (
        <div className="field">
          <label htmlFor="p-county">县区</label>
          <select id="p-county" name="county" defaultValue={county ? String(county) : ""} key={`c${county ?? ""}`}>
            <option value="">全市</option>
            <Options items={counties} />
          </select>
        </div>
      ) : null}
      {children}
      <button type="submit" className="primary">
        查看
      </button>
    </Form>
  );
}
