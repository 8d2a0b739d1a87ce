// The 推介活动 form's fields (new and edit): name, type, date, city, venue, organiser, budget (万元) and a note.
import { Field } from "~/components/form/Field";
import { EVENT_KIND_LABELS } from "~/domain/eventLabels";

type FieldFn = (name: string) => Record<string, unknown>;

export function EventFields({ field, errorOf }: { field: FieldFn; errorOf: (name: string) => string | undefined }) {
  return (
    <>
      <Field id="ev-name" label="活动名称" error={errorOf("name")} required className="span-all">
        {(p) => <input type="text" maxLength={120} {...p} {...field("name")} />}
      </Field>
      <Field id="ev-kind" label="活动类型" error={errorOf("kind")} required>
        {(p) => (
          <select {...p} {...field("kind")}>
            <option value="">请选择</option>
            {Object.entries(EVENT_KIND_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="ev-heldOn" label="举办日期" error={errorOf("heldOn")} required>
        {(p) => <input type="date" {...p} {...field("heldOn")} />}
      </Field>
      <Field id="ev-city" label="举办城市" error={errorOf("city")} required hint="如 北京、天津、深圳">
        {(p) => <input type="text" maxLength={40} {...p} {...field("city")} />}
      </Field>
      <Field id="ev-venue" label="举办地点" error={errorOf("venue")} required>
        {(p) => <input type="text" maxLength={200} {...p} {...field("venue")} />}
      </Field>
      <Field id="ev-organiser" label="主办单位" error={errorOf("organiser")} required>
        {(p) => <input type="text" maxLength={120} {...p} {...field("organiser")} />}
      </Field>
      <Field id="ev-budget" label="预算（万元）" error={errorOf("budget")} required hint="整数，单位万元">
        {(p) => <input type="text" inputMode="numeric" {...p} {...field("budget")} />}
      </Field>
      <Field id="ev-note" label="备注" error={errorOf("note")} className="span-all">
        {(p) => <textarea rows={3} maxLength={2000} {...p} {...field("note")} />}
      </Field>
    </>
  );
}
