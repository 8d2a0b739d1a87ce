// 13710 时限设置 (administrators): the policy's numbers and the holiday calendar's overrides for years the
// chinese-days library does not know yet (the State Council publishes each schedule in late autumn).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime, formatChineseDate, fromIsoDate, isIsoDate } from "~/domain/dates";
import { HolidayForm, policyNumberErrors, SlaPolicyForm } from "~/domain/issueForms";
import { libraryKnowsYear, libraryYearRange, workCalendar } from "~/domain/workdays";
import { loadHolidayOverrides, loadSlaPolicy, recomputeOpenDeadlines } from "~/models/slaConfig.server";
import { audit } from "~/utils/audit.server";
import { requirePage } from "~/utils/auth.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { claimCreate, once } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { Refusal } from "~/domain/refusal";
import { useFailure } from "~/components/form/useFailure";
import { db } from "~/models/db.server";
import type { Tx } from "~/utils/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "13710 时限设置 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "adminSla");
  const [policy, overrides] = await Promise.all([loadSlaPolicy(), loadHolidayOverrides()]);
  const thisYear = Number(clockToday().slice(0, 4));
  const range = libraryYearRange(thisYear);
  const overrideYears = new Set(overrides.map((o) => Number(o.date.slice(0, 4))));
  const missing = [thisYear, thisYear + 1].filter((y) => !libraryKnowsYear(y) && !overrideYears.has(y));
  return {
    policy: {
      acceptDays: policy.acceptDays,
      respondDays: policy.respondDays,
      resolveDays: policy.resolveDays,
      complexDays: policy.complexDays,
      dueSoonDays: policy.dueSoonDays,
      autoEscalate: policy.autoEscalate,
      version: policy.version,
      name: policy.name,
      updatedAt: policy.updatedAt.toISOString(),
    },
    range,
    missing,
    overrides,
  };
}

/** Recomputes the running clocks under the new rules and records how many moved (same transaction). */
async function afterChange(tx: Tx, actorId: number) {
  const [policy, overrides] = await Promise.all([loadSlaPolicy(tx), loadHolidayOverrides(tx)]);
  const n = await recomputeOpenDeadlines(tx, policy, workCalendar(overrides));
  if (n)
    await audit(tx, {
      actorId,
      action: "RECOMPUTE_DEADLINES",
      entity: "CoordinationIssue",
      entityId: "open",
      after: { issues: n },
    });
  return n;
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adminSla");
  try {
    const fields = formDataToObject(await request.formData());
    const intent = fields.intent;

    if (intent === "policy") {
      const p = parseWith(SlaPolicyForm, fields);
      if (!p.success) throw Refusal.fields(p.fieldErrors).with({ form: "policy" });
      const numbers = {
        acceptDays: Number(p.data.acceptDays),
        respondDays: Number(p.data.respondDays),
        resolveDays: Number(p.data.resolveDays),
        complexDays: Number(p.data.complexDays),
        dueSoonDays: Number(p.data.dueSoonDays),
      };
      const errors = policyNumberErrors(numbers);
      if (Object.keys(errors).length) throw Refusal.fields(errors).with({ form: "policy" });
      const changes = { ...numbers, autoEscalate: p.data.autoEscalate === "1" };
      const recomputed = await db.as(viewer).$transaction(async (tx) => {
        const before = await loadSlaPolicy(tx);
        await updateVersioned(tx.slaPolicy, "SlaPolicy", before.id, Number(p.data.version), changes);
        await audit(tx, {
          actorId: viewer.id,
          action: "UPDATE",
          entity: "SlaPolicy",
          entityId: before.id,
          before,
          after: changes,
        });
        return afterChange(tx, viewer.id);
      });
      return redirect("/admin/sla", {
        headers: await flash(request, `13710 时限规则已保存，${recomputed} 件办理中诉求的期限已重新计算`),
      });
    }

    if (intent === "addHoliday") {
      const p = parseWith(HolidayForm, fields);
      if (!p.success) throw Refusal.fields(p.fieldErrors).with({ form: "addHoliday" });
      if (!isIsoDate(p.data.date)) throw Refusal.fields({ date: "请选择有效的日期" }).with({ form: "addHoliday" });
      const taken = Refusal.fields({ date: "该日期已有设置，如需修改请先删除" }).with({ form: "addHoliday" });
      const row = { date: fromIsoDate(p.data.date), isWorkday: p.data.isWorkday === "1", note: p.data.note || null };
      const claim = claimCreate(viewer, "HolidayOverride", fields);
      const recomputed = await db.as(viewer).$transaction(async (tx) =>
        once(tx, claim, async () => {
          if (await tx.holidayOverride.findUnique({ where: { date: row.date } })) throw taken;
          // another administrator's form for the same date, committed meanwhile: the same answer, not a 500
          await tx.holidayOverride.create({ data: row }).catch((e: unknown) => {
            throw (e as { code?: string }).code === "P2002" ? taken : e;
          });
          await audit(tx, {
            actorId: viewer.id,
            action: "CREATE",
            entity: "HolidayOverride",
            entityId: p.data.date,
            after: row,
          });
          return afterChange(tx, viewer.id);
        }),
      );
      return redirect("/admin/sla", {
        headers: await flash(
          request,
          `已设置 ${formatChineseDate(p.data.date)} 为${row.isWorkday ? "调休上班" : "放假"}，${recomputed} 件诉求的期限已重新计算`,
        ),
      });
    }

    if (intent === "deleteHoliday") {
      const date = String(fields.date ?? "");
      if (!isIsoDate(date)) throw Refusal.form("日期无效");
      const recomputed = await db.as(viewer).$transaction(async (tx) => {
        const before = await tx.holidayOverride.findUnique({ where: { date: fromIsoDate(date) } });
        if (!before) return null;
        await tx.holidayOverride.delete({ where: { date: fromIsoDate(date) } });
        await audit(tx, { actorId: viewer.id, action: "DELETE", entity: "HolidayOverride", entityId: date, before });
        return afterChange(tx, viewer.id);
      });
      if (recomputed === null) throw Refusal.form("该日期的设置已被删除");
      return redirect("/admin/sla", {
        headers: await flash(request, `已删除 ${formatChineseDate(date)} 的设置，${recomputed} 件诉求的期限已重新计算`),
      });
    }
    throw Refusal.form("未知的操作");
  } catch (e) {
    return answerRefusal(e, {
      describeConflict: () => ({ message: "时限规则已被其他管理员修改，请刷新页面后再保存。", changed: [] }),
    });
  }
}

export default function SlaSettings() {
  const d = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const failed = actionData?.form;
  return (
    <>
      <div className="page-head">
        <h1>13710 时限设置</h1>
      </div>
      <PolicyForm
        policy={d.policy}
        serverErrors={failed === "policy" ? actionData?.fieldErrors : null}
        formError={actionData?.conflict?.message ?? null}
      />
      <section className="card" aria-labelledby="cal-title">
        <h2 id="cal-title">节假日与调休</h2>
        <p>
          工作日按国务院办公厅公布的节假日安排计算（含调休上班日），系统内置 {d.range.first}–{d.range.last} 年的安排。
          尚未内置的年份按周一至周五计算，请在下方录入当年的放假日和调休上班日；录入后立即生效，办理中诉求的期限随之重新计算。
        </p>
        {d.missing.length ? (
          <p className="callout" role="status">
            {d.missing.map((y) => `${y} 年`).join("、")}的节假日安排尚未录入。
          </p>
        ) : null}
        <HolidayAddForm serverErrors={failed === "addHoliday" ? actionData?.fieldErrors : null} />
        {d.overrides.length ? (
          <div className="table-wrap flat" tabIndex={0} role="region" aria-label="数据表（可横向滚动）">
            <table className="plain">
              <caption className="sr-only">已录入的节假日与调休</caption>
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">安排</th>
                  <th scope="col">说明</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {d.overrides.map((o) => (
                  <tr key={o.date}>
                    <td className="nowrap">{formatChineseDate(o.date)}</td>
                    <td>
                      {o.isWorkday ? (
                        <span className="badge blue">调休上班</span>
                      ) : (
                        <span className="badge red">放假</span>
                      )}
                    </td>
                    <td>{o.note ?? "—"}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="deleteHoliday" />
                        <input type="hidden" name="date" value={o.date} />
                        <button
                          type="submit"
                          className="danger"
                          aria-label={`删除 ${formatChineseDate(o.date)} 的设置`}
                        >
                          删除
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">尚未录入任何节假日或调休日。</p>
        )}
      </section>
    </>
  );
}

function PolicyForm({
  policy,
  serverErrors,
  formError,
}: {
  policy: {
    acceptDays: number;
    respondDays: number;
    resolveDays: number;
    complexDays: number;
    dueSoonDays: number;
    autoEscalate: boolean;
    version: number;
    name: string;
    updatedAt: string;
  };
  serverErrors?: Record<string, string> | null;
  formError?: string | null;
}) {
  const busy = useNavigation().formData?.get("intent") === "policy";
  const { register, onSubmit, errorOf } = useZodForm(SlaPolicyForm, {
    serverErrors,
    defaultValues: {
      acceptDays: String(policy.acceptDays),
      respondDays: String(policy.respondDays),
      resolveDays: String(policy.resolveDays),
      complexDays: String(policy.complexDays),
      dueSoonDays: String(policy.dueSoonDays),
      autoEscalate: policy.autoEscalate,
      version: String(policy.version),
    },
  });
  const num = (
    name: "acceptDays" | "respondDays" | "resolveDays" | "complexDays" | "dueSoonDays",
    label: string,
    hint?: string,
  ) => (
    <Field id={`p-${name}`} label={label} error={errorOf(name)} hint={hint} required>
      {(p) => (
        <input
          type="number"
          inputMode="numeric"
          min={name === "dueSoonDays" ? 0 : 1}
          max={30}
          defaultValue={policy[name]}
          {...p}
          {...register(name)}
        />
      )}
    </Field>
  );
  return (
    <section className="card" aria-labelledby="policy-title">
      <h2 id="policy-title">{policy.name}</h2>
      <p className="muted small">
        单位为工作日，自诉求提交（或上报、退回、重新打开）次日起算，至第 N 个工作日 24:00
        截止。保存后，所有办理中诉求的期限按新规则重新计算。最近修改
        {formatChinaDateTime(policy.updatedAt)}。
      </p>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="policy" />
        {/* defaultValue/defaultChecked: the server-rendered form is complete before JavaScript loads. */}
        <input type="hidden" defaultValue={policy.version} {...register("version")} />
        <FormError message={formError} />
        <div className="form-grid">
          {num("acceptDays", "受理时限（工作日）")}
          {num("respondDays", "首次反馈时限（工作日）")}
          {num("resolveDays", "一般问题办结时限（工作日）")}
          {num("complexDays", "复杂问题办结时限（工作日）")}
          {num("dueSoonDays", "临期提醒（剩余工作日）", "剩余不超过该天数时显示黄色并提醒办理人")}
        </div>
        <label className="checkbox mt" htmlFor="p-autoEscalate">
          <input
            id="p-autoEscalate"
            type="checkbox"
            value="1"
            defaultChecked={policy.autoEscalate}
            {...register("autoEscalate")}
          />
          办结超时后自动上报上一级
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            保存时限规则
          </button>
        </div>
      </Form>
    </section>
  );
}

function HolidayAddForm({ serverErrors }: { serverErrors?: Record<string, string> | null }) {
  const { register, onSubmit, errorOf } = useZodForm(HolidayForm, { serverErrors, defaultValues: { isWorkday: "0" } });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="inline-form">
      <input type="hidden" name="intent" value="addHoliday" />
      <CreateToken />
      <div className="form-grid">
        <Field id="h-date" label="日期" error={errorOf("date")} required>
          {(p) => <input type="date" {...p} {...register("date")} />}
        </Field>
        <Field id="h-isWorkday" label="安排" error={errorOf("isWorkday")} required>
          {(p) => (
            <select defaultValue="0" {...p} {...register("isWorkday")}>
              <option value="0">放假</option>
              <option value="1">调休上班</option>
            </select>
          )}
        </Field>
        <Field id="h-note" label="说明" error={errorOf("note")}>
          {(p) => <input type="text" maxLength={60} placeholder="例如：元旦" {...p} {...register("note")} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          添加
        </button>
      </div>
    </Form>
  );
}
