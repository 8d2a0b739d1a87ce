import { useState } from "react";
import { Field } from "~/components/form/Field";
import { ROLE_LABELS, type RoleKey } from "~/domain/labels";

// mirrors ROLE_SCOPE in app/domain/userForms.server.ts (kept out of the browser bundle with zod)
const SCOPE: Partial<Record<RoleKey, "county" | "team" | "enterprise" | "department">> = {
  COUNTY: "county",
  TEAM: "team",
  ENTERPRISE: "enterprise",
  DEPARTMENT: "department",
};

export interface UserFieldValues {
  displayName?: string | null;
  role?: string | null;
  countyId?: number | string | null;
  teamId?: number | string | null;
  enterpriseId?: number | string | null;
  departmentId?: number | string | null;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
}

type Option = { id: number; name: string };

/** The fields of a user (create and edit): name, role with the scope it needs, title, contact details. */
export function UserFields({
  values,
  errors,
  options,
}: {
  values: UserFieldValues;
  errors: Record<string, string | undefined>;
  options: { counties: Option[]; teams: Option[]; enterprises: Option[]; departments: Option[] };
}) {
  const [role, setRole] = useState<string>(values.role ?? "");
  const scope = SCOPE[role as RoleKey];
  // every scope field is there until a role is chosen (forms work before JavaScript); then only the one it needs
  const select = (
    name: "countyId" | "teamId" | "enterpriseId" | "departmentId",
    label: string,
    list: Option[],
    kind: string,
  ) => (
    <Field
      id={name}
      label={label}
      error={errors[name]}
      className={scope === kind || (!scope && !role) || errors[name] ? undefined : "hidden"}
    >
      {(p) => (
        <select {...p} name={name} defaultValue={values[name] ? String(values[name]) : ""}>
          <option value="">请选择</option>
          {list.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <>
      <Field id="displayName" label="姓名" error={errors.displayName} required>
        {(p) => <input {...p} name="displayName" defaultValue={values.displayName ?? ""} maxLength={60} />}
      </Field>
      <Field
        id="role"
        label="角色"
        error={errors.role}
        required
        hint="县区、服务小组、企业和责任单位角色须选择所属单位"
      >
        {(p) => (
          <select {...p} name="role" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">请选择</option>
            {(Object.entries(ROLE_LABELS) as Array<[RoleKey, string]>).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        )}
      </Field>
      {select("countyId", "所属县区", options.counties, "county")}
      {select("teamId", "所属服务小组", options.teams, "team")}
      {select("enterpriseId", "所属企业", options.enterprises, "enterprise")}
      {select("departmentId", "所属责任单位", options.departments, "department")}
      <Field id="title" label="职务" error={errors.title}>
        {(p) => <input {...p} name="title" defaultValue={values.title ?? ""} maxLength={80} />}
      </Field>
      <Field id="phone" label="联系电话" error={errors.phone}>
        {(p) => <input {...p} name="phone" type="tel" defaultValue={values.phone ?? ""} maxLength={30} />}
      </Field>
      <Field id="email" label="电子邮箱" error={errors.email}>
        {(p) => <input {...p} name="email" type="email" defaultValue={values.email ?? ""} maxLength={120} />}
      </Field>
    </>
  );
}
