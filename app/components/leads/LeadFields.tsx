// The lead's fields, shared by 登记线索 and 编辑线索 (react-hook-form registered; errors next to each field).
import type { UseFormRegister } from "react-hook-form";
import { Field } from "~/components/form/Field";
import { ATTRACTION_METHOD_LABELS, SOURCE_REGION_LABELS } from "~/domain/labels";
import type { LeadFormInput } from "~/domain/leadForms";
import { Options } from "~/components/form/Options";

export interface LeadOptions {
  counties: { id: number; name: string }[];
  industries: { id: number; name: string }[];
  owners: { id: number; name: string }[];
  /** 客商 the viewer sees (docs/decisions/175). */
  investors?: { id: number; name: string }[];
  events: { id: number; name: string }[];
}

export function LeadFields({
  register,
  errorOf,
  options,
}: {
  register: UseFormRegister<LeadFormInput>;
  errorOf: (name: string) => string | undefined;
  options: LeadOptions;
}) {
  return (
    <div className="form-grid">
      <Field id="lead-name" label="线索（项目）名称" error={errorOf("name")} required>
        {(p) => <input type="text" maxLength={120} {...p} {...register("name")} />}
      </Field>
      <Field id="lead-enterprise" label="投资企业" error={errorOf("enterpriseName")} required>
        {(p) => <input type="text" maxLength={120} {...p} {...register("enterpriseName")} />}
      </Field>
      {options.investors ? (
        <Field id="lead-investor" label="客商" error={errorOf("investorId")} hint="在客商库中登记的投资方（可选）">
          {(p) => (
            <select {...p} {...register("investorId")}>
              <option value="">未关联</option>
              <Options items={options.investors ?? []} />
            </select>
          )}
        </Field>
      ) : null}
      <Field id="lead-source" label="来源地" error={errorOf("sourceRegion")} required>
        {(p) => (
          <select {...p} {...register("sourceRegion")}>
            <option value="">请选择</option>
            <Options items={SOURCE_REGION_LABELS} />
          </select>
        )}
      </Field>
      <Field id="lead-method" label="招商方式" error={errorOf("method")} required>
        {(p) => (
          <select {...p} {...register("method")}>
            <option value="">请选择</option>
            <Options items={ATTRACTION_METHOD_LABELS} />
          </select>
        )}
      </Field>
      <Field id="lead-industry" label="产业" error={errorOf("industryId")} required>
        {(p) => (
          <select {...p} {...register("industryId")}>
            <option value="">请选择</option>
            <Options items={options.industries} />
          </select>
        )}
      </Field>
      <Field id="lead-county" label="落户县区" error={errorOf("countyId")} required>
        {(p) => (
          <select {...p} {...register("countyId")}>
            {options.counties.length > 1 ? <option value="">请选择</option> : null}
            <Options items={options.counties} />
          </select>
        )}
      </Field>
      <Field
        id="lead-amount"
        label="预计投资额（万元）"
        error={errorOf("expectedAmount")}
        hint="整数，单位万元；1亿元 = 10000万元"
        required
      >
        {(p) => <input type="text" inputMode="numeric" {...p} {...register("expectedAmount")} />}
      </Field>
      <Field id="lead-owner" label="负责人" error={errorOf("ownerId")}>
        {(p) => (
          <select {...p} {...register("ownerId")}>
            <option value="">（本人）</option>
            <Options items={options.owners} />
          </select>
        )}
      </Field>
      <Field id="lead-event" label="来源推介活动" error={errorOf("eventId")}>
        {(p) => (
          <select {...p} {...register("eventId")}>
            <option value="">（无）</option>
            <Options items={options.events} />
          </select>
        )}
      </Field>
      <Field id="lead-first" label="首次接触日期" error={errorOf("firstContactOn")}>
        {(p) => <input type="date" {...p} {...register("firstContactOn")} />}
      </Field>
      <Field id="lead-next" label="下次跟进日期" error={errorOf("nextFollowUpOn")}>
        {(p) => <input type="date" {...p} {...register("nextFollowUpOn")} />}
      </Field>
      <Field id="lead-note" label="备注" error={errorOf("note")} className="span-all">
        {(p) => <textarea maxLength={2000} {...p} {...register("note")} />}
      </Field>
    </div>
  );
}
