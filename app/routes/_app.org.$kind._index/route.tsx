// One kind of reference data (docs/decisions/161): the list with what refers to each row — searched and paged on the
// server (decision 186; officials also by level and county) — and the form to add one (idempotent, decision 093).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { ReferenceFields } from "~/components/org/ReferenceFields";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { ListFilterForm } from "~/components/ui/ListFilterForm";
import { OFFICIAL_LEVEL_LABELS } from "~/domain/labels";
import { isReferenceKind, REFERENCE_KINDS, ReferenceForms, type ReferenceKind } from "~/domain/referenceData";
import { parseReferenceListQuery } from "~/domain/referenceListQuery.server";
import { Refusal } from "~/domain/refusal";
import { countyOptions } from "~/models/options.server";
import { createReference, listReference, type ReferenceRow } from "~/models/referenceData.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? REFERENCE_KINDS[data.kind].label : "组织机构"} · 组织机构` },
];

function kindOf(raw: string | undefined) {
  if (!isReferenceKind(raw)) notFound("没有这类基础数据");
  return raw;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePage(request, "org");
  const kind = kindOf(params.kind);
  const parsed = parseReferenceListQuery(new URL(request.url).searchParams);
  // level and county are the officials' filters only
  const query = kind === "officials" ? parsed : { ...parsed, level: undefined, county: undefined };
  const [list, counties] = await Promise.all([
    listReference(kind, { filter: query, page: query.page, size: query.size }),
    kind === "officials" ? countyOptions() : Promise.resolve([]),
  ]);
  return { kind, query, ...list, counties };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "org");
  const kind = kindOf(params.kind);
  const values = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(ReferenceForms[kind], values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const id = await createReference(
      viewer,
      kind,
      parsed.data,
      claimCreate(viewer, REFERENCE_KINDS[kind].entity, values),
    );
    return redirect(`/org/${kind}/${id}`, {
      headers: await flash(request, `已新增${REFERENCE_KINDS[kind].noun}「${parsed.data.name}」`),
    });
  } catch (e) {
    return answerRefusal(e, { values });
  }
}

const col = createColumnHelper<DataTableFeatures, ReferenceRow>();
function columnsFor(kind: ReferenceKind) {
  return [
    col.accessor("name", {
      header: "名称",
      enableSorting: false,
      cell: (c) => <Link to={`/org/${kind}/${c.row.original.id}`}>{c.getValue()}</Link>,
    }),
    ...(kind !== "officials"
      ? [col.accessor((r) => r.code ?? "", { id: "code", header: "代码", enableSorting: false })]
      : []),
    col.accessor("detail", {
      header: kind === "officials" ? "级别 · 职务" : "类型",
      enableSorting: false,
      cell: (c) => c.getValue() || "—",
    }),
    col.accessor(
      (r) =>
        r.refs
          .filter((x) => x.count > 0)
          .map((x) => `${x.count} ${x.unit}${x.what}`)
          .join("、") || "未被引用",
      {
        id: "refs",
        header: "引用情况",
        enableSorting: false,
        cell: (c) => <span className="small">{c.getValue()}</span>,
      },
    ),
  ];
}

export default function ReferenceListPage() {
  const { kind, query, rows, total, counties } = useLoaderData<typeof loader>();
  const { label, noun } = REFERENCE_KINDS[kind];
  const officials = kind === "officials";
  const hasFilters = Boolean(query.q || query.level || query.county);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/org">组织机构</Link> / {label}
      </p>
      <h1>{label}</h1>
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">
          {label}列表（{hasFilters ? `符合条件 ${total} 个` : total}）
        </h2>
        <ListFilterForm
          label={`筛选${noun}`}
          sizeId="f-size"
          size={query.size}
          hasFilters={hasFilters}
          clearTo={`/org/${kind}`}
        >
          <div className="field">
            <label htmlFor="f-q">搜索{noun}</label>
            <input
              id="f-q"
              type="search"
              name="q"
              defaultValue={query.q ?? ""}
              key={query.q ?? ""}
              placeholder={officials ? "姓名、职务或县区" : "名称或代码"}
            />
          </div>
          {officials ? (
            <>
              <FilterSelect
                id="f-level"
                name="level"
                label="级别"
                value={query.level}
                options={Object.entries(OFFICIAL_LEVEL_LABELS)}
              />
              <FilterSelect
                id="f-county"
                name="county"
                label="县区"
                value={query.county}
                options={counties.map((c) => [c.id, c.name])}
              />
            </>
          ) : null}
        </ListFilterForm>
        <DataTable
          caption={`${label}列表`}
          columns={columnsFor(kind)}
          data={rows}
          total={total}
          page={query.page}
          pageSize={query.size}
          sort="name"
          dir="asc"
          getRowId={(r) => String(r.id)}
          empty={hasFilters ? `没有符合条件的${noun}，请调整或清除筛选。` : `暂无${noun}。`}
        />
      </section>
      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title">新增{noun}</h2>
        <NewReferenceForm key={kind} kind={kind} counties={counties} />
      </section>
    </>
  );
}

/** Keyed by kind: the form's state starts afresh when the page moves to another kind. */
function NewReferenceForm({ kind, counties }: { kind: ReferenceKind; counties: { id: number; name: string }[] }) {
  const fail = useFailure();
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(ReferenceForms[kind], {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {}) as never,
  });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
      <FormError message={fail?.formError} />
      <CreateToken />
      <ReferenceFields kind={kind} field={field} errorOf={errorOf} counties={counties} prefix="new" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          新增
        </button>
      </div>
    </Form>
  );
}
