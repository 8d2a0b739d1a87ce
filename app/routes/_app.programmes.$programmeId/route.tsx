// One 重点专项 (issue 18 §1, docs/decisions/200): its targets against the members' actuals (序时进度 and RAG; a county
// sees its own members' numbers), the member list (the register filtered by the programme), the lagging members,
// the members' funnel and, for a plan that counts them, its member enterprises. The bureau and the administrator
// edit it (version-checked) and add or remove members (audited).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod/mini";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { FunnelTable } from "~/components/kpi/FunnelTable";
import { ProgrammeFields } from "~/components/programmes/ProgrammeFields";
import { ProgrammeTargets } from "~/components/programmes/ProgrammeTargets";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChineseDate } from "~/domain/dates";
import { formatAmount, formatWan } from "~/domain/money";
import { canManageProgrammes } from "~/domain/permissions";
import {
  AddEnterpriseMemberForm,
  AddMemberForm,
  ProgrammeEditForm,
  programmeRegisterHref,
  RemoveEnterpriseMemberForm,
  RemoveMemberForm,
  type ProgrammeRow,
} from "~/domain/programmes";
import { Refusal } from "~/domain/refusal";
import type { ProjectStage } from "~/domain/stage";
import {
  addEnterpriseMember,
  addProjectMember,
  getProgramme,
  removeEnterpriseMember,
  removeProjectMember,
  updateProgramme,
} from "~/models/programme.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.programme.name ?? "重点专项"} · 重点专项` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "programmes");
  const asOf = clockToday();
  const programme = await getProgramme(viewer, idParam(params.programmeId), asOf);
  if (!programme) notFound("未找到该重点专项");
  return { asOf, programme };
}

const Intent = z.object({
  intent: z.enum(["update", "addProject", "removeProject", "addEnterprise", "removeEnterprise"], {
    error: "未知的操作",
  }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "programmes");
  if (!canManageProgrammes(viewer)) forbidden("只有投资促进局和系统管理员可以管理重点专项");
  const id = idParam(params.programmeId);
  const values = formDataToObject(await request.formData());
  const intent = Intent.safeParse(values);
  const form = intent.success ? intent.data.intent : null;
  const back = async (message: string) => redirect(`/programmes/${id}`, { headers: await flash(request, message) });
  try {
    if (!intent.success) throw Refusal.form("未知的操作");
    switch (intent.data.intent) {
      case "addProject": {
        const parsed = parseWith(AddMemberForm, values);
        if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
        await addProjectMember(viewer, id, parsed.data.code, claimCreate(viewer, "ProgrammeProject", values));
        return await back(`已将项目 ${parsed.data.code} 加入本专项`);
      }
      case "removeProject": {
        const parsed = parseWith(RemoveMemberForm, values);
        if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
        await removeProjectMember(viewer, id, parsed.data.code);
        return await back(`已将项目 ${parsed.data.code} 移出本专项`);
      }
      case "addEnterprise": {
        const parsed = parseWith(AddEnterpriseMemberForm, values);
        if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
        await addEnterpriseMember(
          viewer,
          id,
          parsed.data.creditCode,
          claimCreate(viewer, "ProgrammeEnterprise", values),
        );
        return await back("已将企业加入本专项");
      }
      case "removeEnterprise": {
        const parsed = parseWith(RemoveEnterpriseMemberForm, values);
        if (!parsed.success) throw Refusal.form("记录无效");
        await removeEnterpriseMember(viewer, id, parsed.data.enterpriseId);
        return await back("已将企业移出本专项");
      }
      case "update": {
        const parsed = parseWith(ProgrammeEditForm, values);
        if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
        await updateProgramme(viewer, id, parsed.data.version, parsed.data);
        return await back("已保存");
      }
    }
  } catch (e) {
    return answerRefusal(e, { values, form });
  }
}

export default function ProgrammePage() {
  const { programme: p, asOf } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const projects = p.rows.find((r) => r.metric === "PROJECTS")?.actual ?? 0;
  const hrefFor = (r: ProgrammeRow): string | null => {
    switch (r.metric) {
      case "PROJECTS":
      case "TOTAL_INVESTMENT":
      case "ANNUAL_INVESTMENT":
        return programmeRegisterHref(p.id, r.metric === "TOTAL_INVESTMENT" ? { sort: "totalInvestment" } : {});
      case "STARTED":
        return programmeRegisterHref(p.id, { reached: "STARTED", asOf });
      default:
        return null;
    }
  };
  return (
    <>
      <p className="breadcrumb">
        <Link to="/programmes">重点专项</Link> / {p.name}
      </p>
      <div className="page-head">
        <h1>{p.name}</h1>
        <span className="muted">
          {formatChineseDate(p.startsOn)}起{p.endsOn ? `，至${formatChineseDate(p.endsOn)}` : "，长期"} · 截至
          {formatChineseDate(asOf)}
        </span>
        <div className="actions">
          <Link to={programmeRegisterHref(p.id)} className="button">
            成员项目清单（{projects} 个）
          </Link>
        </div>
      </div>
      {p.note ? <p className="pre-wrap">{p.note}</p> : null}
      {!p.whole ? <p className="notice">以下实际数只含本辖区（本组）可见的成员项目；目标为专项整体目标。</p> : null}

      <section className="card" aria-labelledby="pg-targets">
        <h2 id="pg-targets">目标完成情况</h2>
        <p className="muted small">
          项目个数、总投资、优势企业和总产值对照专项整体目标；年度投资对照本年序时进度（按已结束月份的投资月报）；开工项目对照专项期限的序时进度。
        </p>
        <ProgrammeTargets name={p.name} rows={p.rows} hrefFor={hrefFor} whole={p.whole} />
      </section>

      <div className="grid cols-2">
        <section className="card" aria-labelledby="pg-funnel">
          <h2 id="pg-funnel">成员项目推进漏斗</h2>
          <p className="muted small">成员项目截至{formatChineseDate(asOf)}推进到各环节的数量与签约额。</p>
          <FunnelTable
            agg={p.funnel}
            caption={`${p.name}成员项目推进漏斗`}
            hrefFor={(s) => programmeRegisterHref(p.id, { reached: s, asOf })}
          />
        </section>
        <section className="card" aria-labelledby="pg-lagging">
          <h2 id="pg-lagging">滞后成员项目（{p.lagging.length}）</h2>
          {p.lagging.length ? (
            <>
              <ul className="plain-list">
                {p.lagging.map((l) => (
                  <li key={l.id}>
                    <span className={`badge ${l.level}`}>{l.level === "red" ? "严重滞后" : "滞后"}</span>{" "}
                    <Link to={`/projects/${l.id}`}>{l.name}</Link>{" "}
                    <span className="muted small">
                      {l.county} · <StageBadge stage={l.stage as ProjectStage} />
                    </span>
                  </li>
                ))}
              </ul>
              <p className="small">
                <Link to={programmeRegisterHref(p.id, { lag: "any", asOf })}>在项目库中查看滞后成员项目</Link>
              </p>
            </>
          ) : (
            <p className="muted">没有滞后的成员项目。</p>
          )}
        </section>
      </div>

      {p.enterprises.length || p.targets.ENTERPRISES !== null ? <EnterpriseMembers /> : null}
      {p.canManage ? <ManageMembers busy={busy} /> : null}
      {p.canManage ? <EditProgramme busy={busy} /> : null}
    </>
  );
}

function EnterpriseMembers() {
  const { programme: p } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const removeFail = useFailure("removeEnterprise");
  return (
    <section className="card" aria-labelledby="pg-enterprises">
      <h2 id="pg-enterprises">成员企业（{p.enterprises.length}）</h2>
      <FormError message={removeFail?.formError} />
      {p.enterprises.length ? (
        <div className="table-wrap flat" tabIndex={0} role="region" aria-label="数据表（可横向滚动）">
          <table className="plain compact card-table">
            <caption className="sr-only">{p.name}成员企业</caption>
            <thead>
              <tr>
                <th scope="col">企业</th>
                <th scope="col">县区</th>
                <th scope="col" className="num">
                  年产值
                </th>
                {p.canManage ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {p.enterprises.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={`/enterprises/${e.id}`}>{e.name}</Link>
                  </th>
                  <td data-label="县区">{e.county ?? "—"}</td>
                  <td className="num" data-label="年产值">
                    {e.annualOutput === null ? (
                      "—"
                    ) : (
                      <span title={formatWan(e.annualOutput)}>{formatAmount(e.annualOutput)}</span>
                    )}
                  </td>
                  {p.canManage ? (
                    <td data-label="操作">
                      <Form method="post">
                        <input type="hidden" name="intent" value="removeEnterprise" />
                        <input type="hidden" name="enterpriseId" value={e.id} />
                        <button type="submit" className="link" disabled={busy} aria-label={`移出 ${e.name}`}>
                          移出
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">尚无成员企业。</p>
      )}
    </section>
  );
}

function ManageMembers({ busy }: { busy: boolean }) {
  const { programme: p } = useLoaderData<typeof loader>();
  const addFail = useFailure("addProject");
  const removeFail = useFailure("removeProject");
  const entFail = useFailure("addEnterprise");
  const add = useZodForm(AddMemberForm, {
    serverErrors: addFail?.fieldErrors,
    defaultValues: withSubmitted(addFail, { intent: "addProject" as const, code: "" }),
  });
  const remove = useZodForm(RemoveMemberForm, {
    serverErrors: removeFail?.fieldErrors,
    defaultValues: withSubmitted(removeFail, { intent: "removeProject" as const, code: "" }),
  });
  const ent = useZodForm(AddEnterpriseMemberForm, {
    serverErrors: entFail?.fieldErrors,
    defaultValues: withSubmitted(entFail, { intent: "addEnterprise" as const, creditCode: "" }),
  });
  return (
    <section className="card" aria-labelledby="pg-members">
      <h2 id="pg-members">调整成员</h2>
      <p className="muted small">按项目编号（如 QY2017-003）加入或移出项目；按统一社会信用代码加入企业。</p>
      <div className="grid cols-2">
        <Form method="post" onSubmit={add.onSubmit} noValidate className="form-grid">
          <FormError message={addFail?.formError} />
          <CreateToken />
          <input type="hidden" {...add.field("intent")} />
          <Field id="pg-add-code" label="加入项目的编号" error={add.errorOf("code")} required>
            {(f) => <input type="text" maxLength={30} {...f} {...add.field("code")} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              加入项目
            </button>
          </div>
        </Form>
        <Form method="post" onSubmit={remove.onSubmit} noValidate className="form-grid">
          <FormError message={removeFail?.formError} />
          <input type="hidden" {...remove.field("intent")} />
          <Field id="pg-remove-code" label="移出项目的编号" error={remove.errorOf("code")} required>
            {(f) => <input type="text" maxLength={30} {...f} {...remove.field("code")} />}
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              移出项目
            </button>
          </div>
        </Form>
        <Form method="post" onSubmit={ent.onSubmit} noValidate className="form-grid">
          <FormError message={entFail?.formError} />
          <CreateToken />
          <input type="hidden" {...ent.field("intent")} />
          <Field id="pg-add-ent" label="加入企业的统一社会信用代码" error={ent.errorOf("creditCode")} required>
            {(f) => <input type="text" maxLength={18} {...f} {...ent.field("creditCode")} />}
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              加入企业
            </button>
          </div>
        </Form>
      </div>
      <p className="small">
        <Link to={programmeRegisterHref(p.id)}>查看全部成员项目</Link>
      </p>
    </section>
  );
}

function EditProgramme({ busy }: { busy: boolean }) {
  const { programme: p } = useLoaderData<typeof loader>();
  const fail = useFailure("update");
  const t = p.targets;
  const s = (v: number | null) => (v === null ? "" : String(v));
  const edit = useZodForm(ProgrammeEditForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "update" as const,
      version: String(p.version),
      name: p.name,
      startsOn: p.startsOn,
      endsOn: p.endsOn ?? "",
      targetProjects: s(t.PROJECTS),
      targetTotalInvestment: s(t.TOTAL_INVESTMENT),
      targetAnnualInvestment: s(t.ANNUAL_INVESTMENT),
      targetStarted: s(t.STARTED),
      targetEnterprises: s(t.ENTERPRISES),
      targetOutput: s(t.OUTPUT),
      note: p.note ?? "",
    }),
  });
  return (
    <section className="card" aria-labelledby="pg-edit">
      <h2 id="pg-edit">修改专项</h2>
      <ConflictNotice failure={fail} />
      <Form method="post" onSubmit={edit.onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <input type="hidden" {...edit.field("version")} />
        <input type="hidden" {...edit.field("intent")} />
        <ProgrammeFields field={edit.field} errorOf={edit.errorOf} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            保存修改
          </button>
        </div>
      </Form>
    </section>
  );
}
