// The enterprise's fields, shared by 登记企业 and 编辑企业 (react-hook-form through useZodForm's `field`, errors next to
// each field, defaults rendered on the server so the form also posts before JavaScript loads).
import type { UseFormRegisterReturn } from "react-hook-form";
import { Field } from "~/components/form/Field";
import { Options } from "~/components/form/Options";

type FieldFn = (
  name: string,
  opts?: { type?: "checkbox" | "radio"; value?: string },
) => UseFormRegisterReturn<string> & { value?: string; defaultChecked?: boolean; defaultValue?: string };

export function EnterpriseFields({
  field,
  errorOf,
  counties,
}: {
  field: FieldFn;
  errorOf: (name: string) => string | undefined;
  counties: { id: number; name: string }[];
}) {
  return (
    <div className="form-grid">
      <Field id="ent-name" label="企业名称" error={errorOf("name")} required>
        {(p) => <input type="text" maxLength={120} {...p} {...field("name")} />}
      </Field>
      <Field
        id="ent-credit-code"
        label="统一社会信用代码"
        error={errorOf("creditCode")}
        hint="18 位，含校验位"
        required
      >
        {(p) => <input type="text" maxLength={22} autoComplete="off" {...p} {...field("creditCode")} />}
      </Field>
      <Field id="ent-county" label="所在县区" error={errorOf("countyId")} required={counties.length === 1}>
        {(p) => (
          <select {...p} {...field("countyId")}>
            {counties.length > 1 ? <option value="">未指定（市级）</option> : null}
            <Options items={counties} />
          </select>
        )}
      </Field>
      <Field id="ent-origin" label="来源地" error={errorOf("originRegion")}>
        {(p) => <input type="text" maxLength={60} {...p} {...field("originRegion")} />}
      </Field>
      <Field id="ent-address" label="地址" error={errorOf("address")}>
        {(p) => <input type="text" maxLength={200} {...p} {...field("address")} />}
      </Field>
      <Field
        id="ent-annual-output"
        label="年产值（万元）"
        error={errorOf("annualOutput")}
        hint="整数，单位万元；不详可不填"
      >
        {(p) => <input type="text" inputMode="numeric" maxLength={14} {...p} {...field("annualOutput")} />}
      </Field>
      <div className="field checkbox">
        <label>
          <input type="checkbox" {...field("isKeyEnterprise", { type: "checkbox", value: "on" })} /> 优势企业
        </label>
      </div>
    </div>
  );
}
