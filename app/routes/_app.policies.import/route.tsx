// 导入优惠政策 (issue 15 §5, docs/decisions/162): an XLSX or CSV with one policy per row (the template's columns),
// checked row by row with the policy form's own schema; all rows are created in one transaction, or none — the page
// lists every error by row and column. The bureau and admin import any county's or the city's; a county its own.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import type { RowError } from "~/domain/importRows";
import { MAX_POLICY_ROWS, POLICY_IMPORT_COLUMNS, policiesFromSheet } from "~/domain/policyImport";
import { Refusal, type Failure } from "~/domain/refusal";
import { countyOptions } from "~/models/options.server";
import { importPolicies } from "~/models/policy.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate, digest } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";
import {
  attachmentHeaders,
  formatOf,
  newWorkbook,
  readRows,
  XLSX_MIME,
  type SheetRow,
} from "~/utils/spreadsheet.server";
import { readUploadForm } from "~/utils/upload.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "导入优惠政策 · 优惠政策库" }];

const MAX_MB = 5;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "policyNew");
  if (new URL(request.url).searchParams.get("template") !== null) {
    const book = newWorkbook();
    book.sheet(
      "优惠政策",
      POLICY_IMPORT_COLUMNS.map((c) => ({ header: c.header, width: c.key === "content" ? 60 : 16, numFmt: "@" })),
      [POLICY_IMPORT_COLUMNS.map((c) => c.example)],
    );
    book.sheet(
      "填写说明",
      [
        { header: "列", width: 14 },
        { header: "说明", width: 60 },
      ],
      POLICY_IMPORT_COLUMNS.map((c) => [c.header, c.help]),
    );
    return new Response(await book.toBytes(), { headers: attachmentHeaders("优惠政策导入模板.xlsx", XLSX_MIME) });
  }
  return null;
}

type ImportFailure = Failure & { rowErrors?: RowError[] };

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "policyNew");
  try {
    const fd = await readUploadForm(request, {
      fileFields: ["file"],
      maxFiles: 1,
      maxFileBytes: MAX_MB * 1024 * 1024,
      tooLarge: () => `文件不能超过 ${MAX_MB} MB`,
    });
    const file = fd.get("file");
    if (!(file instanceof File) || file.size === 0) throw Refusal.fields({ file: "请选择要导入的 XLSX 或 CSV 文件" });
    const format = formatOf(file.name);
    if (!format) throw Refusal.fields({ file: "只能导入 .xlsx 或 .csv 文件" });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const rows: SheetRow[] = [];
    try {
      // a few rows past the limit are enough to say the file is too long
      for await (const r of readRows(bytes, format)) if (rows.push(r) > MAX_POLICY_ROWS + 10) break;
    } catch {
      throw Refusal.fields({ file: "文件无法读取，请用导入模板另存为 .xlsx 后再导入" });
    }
    const counties = await countyOptions();
    const { policies, errors } = policiesFromSheet(rows, {
      counties,
      onlyCountyId: viewer.role === "COUNTY" ? viewer.countyId : null,
      source: format,
    });
    if (errors.length) {
      const body: ImportFailure = {
        ok: false,
        fieldErrors: {},
        formError: `文件中有 ${errors.length} 处问题，没有导入任何政策。请按下表修改后重新导入。`,
        conflict: null,
        form: null,
        rowErrors: errors.slice(0, 200),
      };
      return data(body, { status: 400 });
    }
    const claim = claimCreate(viewer, "IncentivePolicyImport", {
      createToken: fd.get("createToken"),
      file: [file.name, digest(bytes)],
    });
    const n = await importPolicies(viewer, policies, file.name, claim);
    return redirect("/policies", { headers: await flash(request, `已导入 ${n} 条优惠政策`) });
  } catch (e) {
    return answerRefusal(e);
  }
}

export default function ImportPoliciesPage() {
  const fail = useFailure();
  const rowErrors = (useActionData() as ImportFailure | undefined)?.rowErrors ?? [];
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="breadcrumb">
        <Link to="/policies">优惠政策库</Link> / 导入政策
      </p>
      <h1>导入优惠政策</h1>
      <section className="card" aria-labelledby="how-title">
        <h2 id="how-title">文件格式</h2>
        <p>
          每行一条政策，第 1 行为表头。
          <a href="/policies/import?template=1" download>
            下载导入模板（XLSX）
          </a>
          ；也可导入同样表头的 CSV 文件。一个文件中有任何错误时不会导入任何一条。
        </p>
        <div {...TABLE_WRAP}>
          <table className="data-table">
            <caption className="sr-only">导入文件的列</caption>
            <thead>
              <tr>
                <th scope="col">列</th>
                <th scope="col">填写说明</th>
                <th scope="col">示例</th>
              </tr>
            </thead>
            <tbody>
              {POLICY_IMPORT_COLUMNS.map((c) => (
                <tr key={c.key}>
                  <th scope="row">{c.header}</th>
                  <td>{c.help}</td>
                  <td>{c.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="up-title">
        <h2 id="up-title">上传文件</h2>
        <Form method="post" encType="multipart/form-data" className="form-grid">
          <FormError message={fail?.formError} />
          <CreateToken />
          <Field id="pi-file" label="政策文件（XLSX 或 CSV）" error={fail?.fieldErrors.file} required>
            {(p) => <input type="file" name="file" accept=".xlsx,.csv" {...p} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              导入
            </button>
            <Link to="/policies">取消</Link>
          </div>
        </Form>
        {rowErrors.length ? (
          <div {...TABLE_WRAP}>
            <table className="data-table">
              <caption>文件中的问题</caption>
              <thead>
                <tr>
                  <th scope="col">行</th>
                  <th scope="col">列</th>
                  <th scope="col">问题</th>
                </tr>
              </thead>
              <tbody>
                {rowErrors.map((e, i) => (
                  <tr key={i}>
                    <td>第 {e.row} 行</td>
                    <td>{e.column || "—"}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
