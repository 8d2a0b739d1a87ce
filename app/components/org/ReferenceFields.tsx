// The fields of a reference-data form (docs/decisions/161), by kind: code and name; a county's type; a 领办领导's
// post, level (市级/县级) and county.
import { Field } from "~/components/form/Field";
import { COUNTY_KIND_LABELS, OFFICIAL_LEVEL_LABELS } from "~/domain/labels";
import type { ReferenceKind } from "~/domain/referenceData";

type FieldFn = (name: string) => Record<string, unknown>;

export function ReferenceFields({
  kind,
  field,
  errorOf,
  counties,
  prefix,
}: {
  kind: ReferenceKind;
  field: FieldFn;
  errorOf: (name: string) => string | undefined;
  counties: { id: number; name: string }[];
  /** Element ids are unique per page (the list page has the create form only; the edit page its own). */
  prefix: string;
}) {
  if (kind === "officials")
    return (
      <>
        <Field id={`${prefix}-name`} label="姓名" error={errorOf("name")} required>
          {(p) => <input type="text" maxLength={40} {...p} {...field("name")} />}
        </Field>
        <Field id={`${prefix}-title`} label="职务" error={errorOf("title")} required>
          {(p) => <input type="text" maxLength={80} {...p} {...field("title")} />}
        </Field>
        <Field id={`${prefix}-level`} label="级别" error={errorOf("level")} required>
          {(p) => (
            <select {...p} {...field("level")}>
              <option value="">请选择</option>
              {Object.entries(OFFICIAL_LEVEL_LABELS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${prefix}-county`} label="所在县区" error={errorOf("county")} hint="县级领导必填，市级领导不填">
          {(p) => (
            <select {...p} {...field("county")}>
              <option value="">（市级，不属于县区）</option>
              {counties.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </>
    );
  const nameLabel = kind === "counties" ? "名称" : kind === "industries" ? "行业名称" : "单位名称";
  return (
    <>
      <Field id={`${prefix}-code`} label="代码" error={errorOf("code")} required>
        {(p) => <input type="text" maxLength={20} {...p} {...field("code")} />}
      </Field>
      <Field id={`${prefix}-name`} label={nameLabel} error={errorOf("name")} required>
        {(p) => <input type="text" maxLength={60} {...p} {...field("name")} />}
      </Field>
      {kind === "counties" ? (
        <Field id={`${prefix}-kind`} label="类型" error={errorOf("kind")} required>
          {(p) => (
            <select {...p} {...field("kind")}>
              <option value="">请选择</option>
              {Object.entries(COUNTY_KIND_LABELS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </>
  );
}
