// 调整成员 (issue 15 §4, docs/decisions/160): add a member, remove one, move one to another team, make one the 组长.
// Every form carries the team's version as the page showed it: someone else's change in between is a 409 saying
// what they did. The team page shows the history these changes write.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { Refusal } from "~/domain/refusal";
import { MemberChangeForm } from "~/domain/teamMembers";
import { changeTeamMembers, membersPage } from "~/models/teamMembers.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `调整成员 · ${data?.team.name ?? "服务小组"}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePage(request, "teamMembers");
  const page = await membersPage(idParam(params.teamId));
  if (!page) notFound("服务小组不存在");
  return page;
}

const DONE = { add: "已加入本组", remove: "已移出本组", move: "已调至其他小组", leader: "已指定为组长" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "teamMembers");
  const teamId = idParam(params.teamId);
  const values = formDataToObject(await request.formData());
  const form = typeof values.intent === "string" ? values.intent : null;
  try {
    const parsed = parseWith(MemberChangeForm, values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const claim = parsed.data.intent === "add" ? claimCreate(viewer, "TeamMembership", values) : undefined;
    await changeTeamMembers(viewer, teamId, parsed.data, claim);
    return redirect(`/teams/${teamId}/members`, { headers: await flash(request, DONE[parsed.data.intent]) });
  } catch (e) {
    return answerRefusal(e, { values, form });
  }
}

export default function TeamMembersPage() {
  const { team, candidates, teams } = useLoaderData<typeof loader>();
  const fail = useFailure();
  const busy = useNavigation().state === "submitting";
  const version = <input type="hidden" name="version" value={team.version} />;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/teams">服务小组</Link> / <Link to={`/teams/${team.id}`}>{team.name}</Link> / 调整成员
      </p>
      <h1>调整成员 · {team.name}</h1>
      <FormError message={fail?.formError ?? Object.values(fail?.fieldErrors ?? {})[0]} />

      <section className="card" aria-labelledby="cur-title">
        <h2 id="cur-title">现有成员（{team.members.length}）</h2>
        {team.members.length ? (
          <div {...TABLE_WRAP}>
            <table className="data-table">
              <caption className="sr-only">{team.name}现有成员</caption>
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">职务</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {team.members.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      {m.displayName}
                      {team.leaderId === m.id ? <span className="badge brand">组长</span> : null}
                    </th>
                    <td data-label="职务">{m.title ?? "—"}</td>
                    <td className="wide" data-label="操作">
                      <div className="row-actions">
                        {team.leaderId !== m.id ? (
                          <Form method="post" className="inline">
                            {version}
                            <input type="hidden" name="userId" value={m.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="leader"
                              disabled={busy}
                              aria-label={`设为组长：${m.displayName}`}
                            >
                              设为组长
                            </button>
                          </Form>
                        ) : null}
                        <Form method="post" className="inline">
                          {version}
                          <input type="hidden" name="userId" value={m.id} />
                          <label htmlFor={`move-${m.id}`} className="sr-only">
                            {m.displayName}调至
                          </label>
                          <select id={`move-${m.id}`} name="toTeamId" defaultValue="">
                            <option value="">调至其他小组…</option>
                            {teams.map((t) => (
                              <option key={t.id} value={t.id}>
                                {t.name}
                              </option>
                            ))}
                          </select>
                          <button
                            type="submit"
                            name="intent"
                            value="move"
                            disabled={busy}
                            aria-label={`调整：${m.displayName}`}
                          >
                            调整
                          </button>
                        </Form>
                        <Form method="post" className="inline">
                          {version}
                          <input type="hidden" name="userId" value={m.id} />
                          <button
                            type="submit"
                            name="intent"
                            value="remove"
                            className="danger"
                            disabled={busy}
                            aria-label={`移出本组并停用账号：${m.displayName}`}
                          >
                            移出本组并停用账号
                          </button>
                        </Form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">本组暂无成员。</p>
        )}
      </section>

      <section className="card" aria-labelledby="add-title">
        <h2 id="add-title">加入成员</h2>
        <p className="muted small">
          选择其他小组的成员，将其从原小组调入本组。新人员的账号由系统管理员在用户管理中建立并指定小组。
        </p>
        <Form method="post" className="form-grid">
          <CreateToken />
          {version}
          <div className="field">
            <label htmlFor="add-user">人员</label>
            <select id="add-user" name="userId" defaultValue="">
              <option value="">请选择</option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <div className="form-actions">
            <button type="submit" name="intent" value="add" className="primary" disabled={busy}>
              加入本组
            </button>
          </div>
        </Form>
      </section>
      <p>
        <Link to={`/teams/${team.id}`}>返回小组页面（查看成员变动记录）</Link>
      </p>
    </>
  );
}
