// The project create/edit form. One zod schema (app/domain/projectForm.ts) for react-hook-form and the action.
// Before JavaScript loads every part is shown and posts natively; with it, parts follow the choices made.
import { Form, useNavigation } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { ConflictNotice } from "~/components/form/ConflictNotice";
import type { Failure } from "~/domain/refusal";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { ATTRACTION_METHOD_LABELS, LAND_SUPPLY_METHODS, ORIGIN_LABELS, SOURCE_REGION_LABELS } from "~/domain/labels";
import { ProjectEditForm, projectCreateSchema } from "~/domain/projectForm";
import type { ProjectFormOptions } from "~/models/projectEdit.server";
import { EnterprisePicker, RegisteredEnterpriseOffer } from "./EnterprisePicker";
import { Options } from "~/components/form/Options";

// The map picker (and ECharts behind it) loads only after hydration, as its own chunk: the form's first load does
// not carry it (docs/decisions/236).
const LocationPicker = lazy(() =>
  import("~/components/map/LocationPicker").then((m) => ({ default: m.LocationPicker })),
);

export type ProjectFormDefaults = Record<string, string | boolean | string[]>;

/** A checkbox group's value: a form posted with one box ticked comes back as a string, not a list (issue 21). */
function asList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return typeof v === "string" && v !== "" ? [v] : [];
}

export function ProjectForm({
  mode,
  options,
  defaults,
  failure,
  today,
  submitLabel,
}: {
  mode: "create" | "edit";
  options: ProjectFormOptions;
  defaults: ProjectFormDefaults;
  failure: Failure | null;
  today: string;
  submitLabel: string;
}) {
  const schema = mode === "create" ? projectCreateSchema(today) : ProjectEditForm;
  const { field, onSubmit, errorOf, watch, setValue } = useZodForm(schema, {
    serverErrors: failure?.fieldErrors,
    defaultValues: (() => {
      const initial: Record<string, unknown> = { ...defaults, ...(failure?.values ?? {}) };
      return { ...initial, officialIds: asList(initial.officialIds) } as never;
    })(),
  });
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  useEffect(() => {
    // After a conflict the user has seen what changed: saving again applies their values on top.
    if (failure?.currentVersion) setValue("version" as never, String(failure.currentVersion) as never);
  }, [failure?.currentVersion, setValue]);
  const busy = useNavigation().state === "submitting";
  const entMode = watch("enterpriseMode" as never) as unknown as string;
  const countyId = watch("countyId" as never) as unknown as string;
  const selectedOfficials = asList(watch("officialIds" as never));
  const show = (m: string) => !enhanced || entMode === m;
  const countyOfficials = options.officials.filter(
    (o) =>
      o.level === "COUNTY" &&
      (!enhanced || String(o.countyId) === countyId || selectedOfficials.includes(String(o.id))),
  );
  const typedLng = (watch("longitude" as never) as unknown as string) ?? "";
  const typedLat = (watch("latitude" as never) as unknown as string) ?? "";
  const pick = ([lng, lat]: [number, number]) => {
    const opts = { shouldValidate: true, shouldDirty: true } as never;
    setValue("longitude" as never, lng.toFixed(6) as never, opts);
    setValue("latitude" as never, lat.toFixed(6) as never, opts);
  };
  const offer = failure?.existingEnterprise ?? null;
  const f = (name: string) => field(name);

  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="project-form">
      {mode === "create" ? <CreateToken /> : null}
      <ConflictNotice failure={failure} />
      <FormError message={failure && !failure.conflict ? (failure.formError ?? failure.fieldErrors._form) : null} />
      {mode === "edit" ? <input type="hidden" {...f("version")} /> : null}

      <section className="card" aria-labelledby="pf-basic">
        <h2 id="pf-basic">基本信息</h2>
        <div className="form-grid">
          <Field id="pf-name" label="项目名称" error={errorOf("name")} required className="span-2">
            {(p) => <input type="text" {...p} {...f("name")} />}
          </Field>
          <Field id="pf-county" label="县区" error={errorOf("countyId")} required>
            {(p) => (
              <select {...p} {...f("countyId")}>
                {options.counties.length > 1 ? <option value="">请选择</option> : null}
                <Options items={options.counties} />
              </select>
            )}
          </Field>
          <Field id="pf-industry" label="产业" error={errorOf("industryId")} required>
            {(p) => (
              <select {...p} {...f("industryId")}>
                <option value="">请选择</option>
                <Options items={options.industries} />
              </select>
            )}
          </Field>
          <Field id="pf-planYear" label="计划年度" error={errorOf("planYear")} required>
            {(p) => <input type="text" inputMode="numeric" maxLength={4} {...p} {...f("planYear")} />}
          </Field>
          <Field id="pf-origin" label="项目来源" error={errorOf("origin")} required>
            {(p) => (
              <select {...p} {...f("origin")}>
                <Options items={ORIGIN_LABELS} />
              </select>
            )}
          </Field>
          <Field id="pf-sourceRegion" label="来源地区" error={errorOf("sourceRegion")}>
            {(p) => (
              <select {...p} {...f("sourceRegion")}>
                <option value="">未填写</option>
                <Options items={SOURCE_REGION_LABELS} />
              </select>
            )}
          </Field>
          <Field id="pf-attractionMethod" label="招商方式" error={errorOf("attractionMethod")}>
            {(p) => (
              <select {...p} {...f("attractionMethod")}>
                <option value="">未填写</option>
                <Options items={ATTRACTION_METHOD_LABELS} />
              </select>
            )}
          </Field>
          {options.setsPlan ? (
            <div className="field">
              <span className="label">年度计划</span>
              <label className="checkbox" htmlFor="pf-isTransformation">
                <input
                  id="pf-isTransformation"
                  type="checkbox"
                  {...field("isTransformation", { type: "checkbox", value: "1" })}
                />{" "}
                列入年度转型项目
              </label>
            </div>
          ) : null}
          <Field
            id="pf-constructionContent"
            label="建设内容"
            error={errorOf("constructionContent")}
            className="span-all"
          >
            {(p) => <textarea rows={3} {...p} {...f("constructionContent")} />}
          </Field>
        </div>
      </section>

      <section className="card" aria-labelledby="pf-money">
        <h2 id="pf-money">投资额（万元）</h2>
        <div className="form-grid">
          <Field id="pf-totalInvestment" label="总投资（万元）" error={errorOf("totalInvestment")} required>
            {(p) => <input type="text" inputMode="numeric" {...p} {...f("totalInvestment")} />}
          </Field>
          <Field id="pf-contractAmount" label="签约额（万元）" error={errorOf("contractAmount")}>
            {(p) => <input type="text" inputMode="numeric" {...p} {...f("contractAmount")} />}
          </Field>
          <Field id="pf-annualPlanInvestment" label="年度计划投资（万元）" error={errorOf("annualPlanInvestment")}>
            {(p) => <input type="text" inputMode="numeric" {...p} {...f("annualPlanInvestment")} />}
          </Field>
        </div>
      </section>

      <section className="card" aria-labelledby="pf-ent">
        <h2 id="pf-ent">投资企业</h2>
        <fieldset className="choices">
          <legend>填写方式</legend>
          <div className="radio-row">
            {[
              ["existing", "选择已登记企业"],
              ["new", "新建企业"],
              ["none", "暂无（如本地技改）"],
            ].map(([v, l]) => (
              <label key={v}>
                <input type="radio" {...field("enterpriseMode", { type: "radio", value: v })} /> {l}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-grid">
          {show("existing") ? (
            <>
              <input type="hidden" {...f("enterpriseId")} />
              <EnterprisePicker
                id="pf-enterprise"
                query={(watch("enterpriseQuery" as never) as unknown as string) ?? ""}
                selectedId={(watch("enterpriseId" as never) as unknown as string) ?? ""}
                error={errorOf("enterpriseQuery") ?? errorOf("enterpriseId")}
                onQueryChange={(q) => setValue("enterpriseQuery" as never, q as never)}
                onSelect={(e) => setValue("enterpriseId" as never, (e ? String(e.id) : "") as never)}
              />
            </>
          ) : null}
          {show("new") ? (
            <>
              <Field id="pf-newEnterpriseName" label="新企业名称" error={errorOf("newEnterpriseName")}>
                {(p) => <input type="text" {...p} {...f("newEnterpriseName")} />}
              </Field>
              <Field
                id="pf-newEnterpriseCreditCode"
                label="统一社会信用代码"
                hint="18 位，系统校验校验位"
                error={errorOf("newEnterpriseCreditCode")}
              >
                {(p) => (
                  <input
                    type="text"
                    autoCapitalize="characters"
                    maxLength={20}
                    {...p}
                    {...f("newEnterpriseCreditCode")}
                  />
                )}
              </Field>
              <RegisteredEnterpriseOffer
                offer={offer}
                onUse={(o) => {
                  setValue("enterpriseMode" as never, "existing" as never);
                  setValue("enterpriseId" as never, String(o.id) as never);
                  setValue("enterpriseQuery" as never, o.name as never);
                }}
              />
            </>
          ) : null}
        </div>
      </section>

      <section className="card" aria-labelledby="pf-people">
        <h2 id="pf-people">领办领导与服务小组</h2>
        <fieldset className="choices" aria-describedby={errorOf("officialIds") ? "pf-officials-error" : undefined}>
          <legend>领办领导（可多选）</legend>
          <div className="choice-grid">
            {options.officials
              .filter((o) => o.level === "CITY")
              .concat(countyOfficials)
              .map((o) => (
                <label key={o.id}>
                  <input type="checkbox" {...field("officialIds", { type: "checkbox", value: String(o.id) })} />
                  <span>
                    {o.name}
                    <span className="muted small"> {o.title}</span>
                  </span>
                </label>
              ))}
          </div>
          {errorOf("officialIds") ? (
            <span id="pf-officials-error" className="field-error" role="alert">
              {errorOf("officialIds")}
            </span>
          ) : null}
        </fieldset>
        {options.choosesTeam ? (
          <div className="form-grid" style={{ marginTop: "0.8rem" }}>
            <Field id="pf-team" label="服务小组" error={errorOf("serviceTeamId")}>
              {(p) => (
                <select {...p} {...f("serviceTeamId")}>
                  <option value="">暂不分配</option>
                  <Options items={options.teams} />
                </select>
              )}
            </Field>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="pf-land">
        <h2 id="pf-land">土地</h2>
        <div className="form-grid">
          <Field id="pf-landArea" label="用地面积（亩）" error={errorOf("landArea")}>
            {(p) => <input type="text" inputMode="decimal" {...p} {...f("landArea")} />}
          </Field>
          <Field id="pf-landSupplyMethod" label="供地方式" error={errorOf("landSupplyMethod")}>
            {(p) => (
              <select {...p} {...f("landSupplyMethod")}>
                <option value="">未填写</option>
                <Options items={LAND_SUPPLY_METHODS} />
              </select>
            )}
          </Field>
          <Field
            id="pf-landTermYears"
            label="出让年限（年）"
            hint="工业用地弹性出让最低 30 年"
            error={errorOf("landTermYears")}
          >
            {(p) => <input type="text" inputMode="numeric" {...p} {...f("landTermYears")} />}
          </Field>
          <div className="field">
            <span className="label">土地出让金</span>
            <label className="checkbox" htmlFor="pf-landPremiumInstalments">
              <input
                id="pf-landPremiumInstalments"
                type="checkbox"
                {...field("landPremiumInstalments", { type: "checkbox", value: "1" })}
              />{" "}
              分期缴纳
            </label>
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby="pf-location">
        <h2 id="pf-location">项目位置</h2>
        <p className="muted small" id="pf-location-hint">
          在地图上点击（手机上轻触）项目现场，经纬度会自动填入；也可直接填写经纬度（度，小数），或从地图软件中复制。
          坐标须在所选县区（开发区、示范区、农谷为其园区范围）内。
        </p>
        {enhanced ? (
          <>
            <Suspense fallback={<div className="chart location-picker" style={{ height: 280 }} aria-hidden="true" />}>
              <LocationPicker
                area={options.mapAreas[Number(countyId)] ?? null}
                countyChosen={Boolean(countyId)}
                longitude={typedLng}
                latitude={typedLat}
                onPick={pick}
              />
            </Suspense>
          </>
        ) : null}
        <div className="form-grid">
          <Field id="pf-longitude" label="经度" hint="如 112.7523" error={errorOf("longitude")}>
            {(p) => <input type="text" inputMode="decimal" {...p} {...f("longitude")} />}
          </Field>
          <Field id="pf-latitude" label="纬度" hint="如 37.6871" error={errorOf("latitude")}>
            {(p) => <input type="text" inputMode="decimal" {...p} {...f("latitude")} />}
          </Field>
          {options.setsPublic ? (
            <div className="field">
              <span className="label">招商推介</span>
              <label className="checkbox" htmlFor="pf-publicPromotion">
                <input
                  id="pf-publicPromotion"
                  type="checkbox"
                  aria-describedby="pf-publicPromotion-hint"
                  {...field("publicPromotion", { type: "checkbox", value: "1" })}
                />{" "}
                可公开推介
              </label>
              <span className="muted small" id="pf-publicPromotion-hint">
                在公开的招商地图上展示项目名称、行业、所在地与投资规模
              </span>
            </div>
          ) : null}
        </div>
      </section>

      {mode === "create" ? (
        <section className="card" aria-labelledby="pf-sign">
          <h2 id="pf-sign">签约（已签约项目填写）</h2>
          <div className="form-grid">
            <Field id="pf-signedOn" label="签约日期" error={errorOf("signedOn")}>
              {(p) => <input type="date" max={today} {...p} {...f("signedOn")} />}
            </Field>
            <Field id="pf-signEvidenceNo" label="投资协议（合同）编号" error={errorOf("signEvidenceNo")}>
              {(p) => <input type="text" {...p} {...f("signEvidenceNo")} />}
            </Field>
          </div>
        </section>
      ) : null}

      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "正在保存…" : submitLabel}
        </button>
      </div>
    </Form>
  );
}
