// The policy form's fields (new and edit pages): county (or 市级), category, name, text and validity.
import { Field } from "~/components/form/Field";
import { CITY_POLICY, CITY_POLICY_LABEL, INCENTIVE_CATEGORIES, POLICY_CONTENT_MAX } from "~/domain/incentives";

type FieldFn = (name: string) => Record<string, unknown>;

export function PolicyFields({
  field,
  errorOf,
  counties,
  allowCity,
}: {
  field: FieldFn;
  errorOf: (name: string) => string | undefined;
  counties: { id: number; name: string }[];
  allowCity: boolean;
}) {
  return (
    <>
      <Field id="p-county" label="适用县区" error={errorOf("county")} required>
        {(p) => (
          <select {...p} {...field("county")}>
            <option value="">请选择</option>
            {allowCity ? <option value={CITY_POLICY}>{CITY_POLICY_LABEL}</option> : null}
            {counties.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="p-category" label="类别" error={errorOf("category")} required>
        {(p) => (
          <select {...p} {...field("category")}>
            <option value="">请选择</option>
            {INCENTIVE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="p-title" label="政策名称" error={errorOf("title")} required className="span-all">
        {(p) => <input type="text" maxLength={120} {...p} {...field("title")} />}
      </Field>
      <Field id="p-content" label="政策内容" error={errorOf("content")} required className="span-all">
        {(p) => <textarea rows={5} maxLength={POLICY_CONTENT_MAX} {...p} {...field("content")} />}
      </Field>
      <Field id="p-validFrom" label="生效日期" error={errorOf("validFrom")} required>
        {(p) => <input type="date" {...p} {...field("validFrom")} />}
      </Field>
      <Field id="p-validTo" label="失效日期" error={errorOf("validTo")} hint="长期有效可不填">
        {(p) => <input type="date" {...p} {...field("validTo")} />}
      </Field>
    </>
  );
}
