// The 重点专项 form's fields (new and edit): name, period, targets (counts, and money in integer 万元) and a note.
import { Field } from "~/components/form/Field";

type FieldFn = (name: string) => Record<string, unknown>;

export function ProgrammeFields({ field, errorOf }: { field: FieldFn; errorOf: (name: string) => string | undefined }) {
  const count = (id: string, name: string, label: string) => (
    <Field id={id} label={label} error={errorOf(name)} hint="个，可不填">
      {(p) => <input type="text" inputMode="numeric" {...p} {...field(name)} />}
    </Field>
  );
  const money = (id: string, name: string, label: string) => (
    <Field id={id} label={label} error={errorOf(name)} hint="整数，单位万元，可不填">
      {(p) => <input type="text" inputMode="numeric" {...p} {...field(name)} />}
    </Field>
  );
  return (
    <>
      <Field id="pg-name" label="专项名称" error={errorOf("name")} required className="span-all">
        {(p) => <input type="text" maxLength={60} {...p} {...field("name")} />}
      </Field>
      <Field id="pg-startsOn" label="开始日期" error={errorOf("startsOn")} required>
        {(p) => <input type="date" {...p} {...field("startsOn")} />}
      </Field>
      <Field id="pg-endsOn" label="结束日期" error={errorOf("endsOn")} hint="长期入库的专项可不填">
        {(p) => <input type="date" {...p} {...field("endsOn")} />}
      </Field>
      {count("pg-targetProjects", "targetProjects", "目标项目个数")}
      {money("pg-targetTotalInvestment", "targetTotalInvestment", "目标总投资（万元）")}
      {money("pg-targetAnnualInvestment", "targetAnnualInvestment", "目标年度投资（万元）")}
      {count("pg-targetStarted", "targetStarted", "目标开工项目个数")}
      {count("pg-targetEnterprises", "targetEnterprises", "目标优势企业个数")}
      {money("pg-targetOutput", "targetOutput", "目标总产值（万元）")}
      <Field id="pg-note" label="说明" error={errorOf("note")} className="span-all">
        {(p) => <textarea rows={3} maxLength={2000} {...p} {...field("note")} />}
      </Field>
    </>
  );
}
