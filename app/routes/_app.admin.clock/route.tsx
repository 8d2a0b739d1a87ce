// 演示时钟 (administrators): the demo clock's date, which a trainer may move (docs/decisions/060). Moving it is
// audited; a real deployment (no demo seed, or APP_CLOCK=real) shows the real clock and cannot move it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/form/Field";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime, formatChineseDate, isIsoDate } from "~/domain/dates";
import { audit } from "~/utils/audit.server";
import { requirePage } from "~/utils/auth.server";
import { clockReady, demoInstantFor, isDemoClock, moveDemoClock, now as clockNow } from "~/utils/clock.server";
import { db } from "~/models/db.server";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "演示时钟 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "adminClock");
  const at = clockNow();
  return { demo: isDemoClock(), now: formatChinaDateTime(at) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adminClock");
  const form = await request.formData();
  const date = String(form.get("date") ?? "").trim();
  try {
    if (!isIsoDate(date)) throw Refusal.fields({ date: "请选择有效的日期" });
    if (date < "2000-01-01" || date > "2099-12-31")
      throw Refusal.fields({ date: "请选择 2000 年至 2099 年之间的日期" });
    await clockReady({ force: true });
    if (!isDemoClock()) throw Refusal.form("当前使用真实时钟（非演示数据或 APP_CLOCK=real），不能调整", 409);
  } catch (e) {
    return answerRefusal(e, { values: { date } });
  }
  await db.as(viewer).$transaction(async (tx) => {
    const m = await moveDemoClock(tx, demoInstantFor(date));
    await audit(tx, {
      actorId: viewer.id,
      action: "CLOCK_MOVE",
      entity: "AppClock",
      entityId: "app_clock",
      before: { at: m.before },
      after: { at: m.after },
    });
  });
  return redirect("/admin/clock", {
    headers: await flash(request, `演示日期已调整为 ${formatChineseDate(date)} 9:00`),
  });
}

export default function AdminClock() {
  const { demo, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result && "fieldErrors" in result ? (result.fieldErrors as Record<string, string | undefined>) : {};
  return (
    <>
      <div className="page-head">
        <h1>演示时钟</h1>
      </div>
      <section className="card" aria-label="演示时钟">
        <p>
          {demo
            ? `当前为演示时钟：${now}（北京时间）。演示时钟从设定的日期起按真实时间向前走，重启后继续；重新导入演示数据会从 2017年11月20日 9:00 重新开始。`
            : `当前使用真实时钟：${now}（北京时间）。`}
        </p>
        {demo ? (
          <Form method="post" noValidate>
            <FormError message={result && "formError" in result ? (result.formError as string | null) : null} />
            <Field
              id="date"
              label="演示日期"
              error={errors.date}
              hint="演示时钟将从该日 9:00（北京时间）继续向前走"
              required
            >
              {(p) => <input {...p} type="date" name="date" />}
            </Field>
            <button type="submit" disabled={busy}>
              调整演示日期
            </button>
          </Form>
        ) : (
          <FormError message={result && "formError" in result ? (result.formError as string | null) : null} />
        )}
      </section>
    </>
  );
}
