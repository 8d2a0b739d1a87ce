// The investor's fields, shared by 登记客商 and 编辑客商 (react-hook-form through useZodForm's `field`, errors next to
// each field, defaults rendered on the server so the form also posts before JavaScript loads).
import type { UseFormRegisterReturn } from "react-hook-form";
import { Field } from "~/components/form/Field";
import { Options } from "~/components/form/Options";
import { SOURCE_REGION_LABELS } from "~/domain/labels";

type FieldFn = (
  name: string,
  opts?: { type?: "checkbox" | "radio"; value?: string },
) => UseFormRegisterReturn<string> & { value?: string; defaultChecked?: boolean; defaultValue?: string };

export interface InvestorOptions {
  counties: { id: number; name: string }[];
  industries: { id: number; name: string }[];
  /** The bureau may leave the county empty: the city's investor. */
  cityAllowed: boolean;
}

export function InvestorFields({
  field,
  errorOf,
  options,
}: {
  field: FieldFn;
  errorOf: (name: string) => string | undefined;
  options: InvestorOptions;
}) {
  return (
    <div className="form-grid">
      <Field id="inv-name" label="客商名称" error={errorOf("name")} required>
        {(p) => <input type="text" maxLength={120} {...p} {...field("name")} />}
      </Field>
      <Field id="inv-source" label="来源地" error={errorOf("sourceRegion")} required>
        {(p) => (
          <select {...p} {...field("sourceRegion")}>
            <option value="">请选择</option>
            <Options items={SOURCE_REGION_LABELS} />
          </select>
        )}
      </Field>
      <Field id="inv-industry" label="产业" error={errorOf("industryId")}>
        {(p) => (
          <select {...p} {...field("industryId")}>
            <option value="">未指定</option>
            <Options items={options.industries} />
          </select>
        )}
      </Field>
      <Field id="inv-county" label="对接县区" error={errorOf("countyId")}>
        {(p) => (
          <select {...p} {...field("countyId")}>
            {options.cityAllowed ? <option value="">市级（投资促进局）</option> : null}
            <Options items={options.counties} />
          </select>
        )}
      </Field>
      <Field
        id="inv-enterprise"
        label="已登记企业的统一社会信用代码"
        error={errorOf("enterpriseCode")}
        hint="客商已在企业库登记时填写，用于关联企业；未登记留空"
      >
        {(p) => <input type="text" maxLength={22} autoComplete="off" {...p} {...field("enterpriseCode")} />}
      </Field>
      <Field id="inv-note" label="备注" error={errorOf("note")} className="span-all">
        {(p) => <textarea maxLength={2000} {...p} {...field("note")} />}
      </Field>
    </div>
  );
}
