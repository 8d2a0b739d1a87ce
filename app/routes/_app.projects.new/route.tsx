// 新建项目 (bureau, admin; a county for its own county — enforced in the action, not only in the form).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFailure } from "~/components/form/useFailure";
import { ProjectForm } from "~/components/project/ProjectForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { projectCreateSchema } from "~/domain/projectForm";
import { createProject, projectFormOptions } from "~/models/projectEdit.server";
import { Refusal } from "~/domain/refusal";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";
import { claimCreate } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "新建项目 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "projectNew");
  const today = clockToday();
  const options = await projectFormOptions(viewer);
  return { options, today, defaultCounty: viewer.role === "COUNTY" && viewer.countyId ? String(viewer.countyId) : "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "projectNew");
  const raw = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(projectCreateSchema(clockToday()), raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const { id } = await createProject(viewer, parsed.data, claimCreate(viewer, "Project", raw));
    return redirect(`/projects/${id}`, { headers: await flash(request, "项目已创建") });
  } catch (e) {
    return answerRefusal(e, { values: raw });
  }
}

export default function NewProject() {
  const { options, today, defaultCounty } = useLoaderData<typeof loader>();
  const fail = useFailure();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/projects">项目库</Link> / 新建项目
      </p>
      <div className="page-head">
        <h1>新建项目</h1>
      </div>
      <ProjectForm
        mode="create"
        options={options}
        failure={fail}
        today={today}
        submitLabel="创建项目"
        defaults={{
          name: "",
          countyId: defaultCounty || (options.counties.length === 1 ? String(options.counties[0].id) : ""),
          industryId: "",
          origin: "ATTRACTION",
          sourceRegion: "",
          attractionMethod: "",
          totalInvestment: "",
          contractAmount: "",
          annualPlanInvestment: "",
          planYear: today.slice(0, 4),
          isTransformation: false,
          constructionContent: "",
          landArea: "",
          landSupplyMethod: "",
          landTermYears: "",
          landPremiumInstalments: false,
          enterpriseMode: "existing",
          enterpriseId: "",
          enterpriseQuery: "",
          newEnterpriseName: "",
          newEnterpriseCreditCode: "",
          officialIds: [],
          serviceTeamId: "",
          longitude: "",
          latitude: "",
          publicPromotion: false,
          signedOn: "",
          signEvidenceNo: "",
        }}
      />
    </>
  );
}
