import { formatDeadline } from "~/domain/deadlineFormat";
import { Form, useLocation } from "@remix-run/react";
import { useMemo } from "react";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { failureOf } from "~/domain/refusal";
import { MemberSelect } from "./MemberSelect";
import { Field } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { formatChineseDate } from "~/domain/dates";
import { AGENCY_TASK_KIND_LABELS, AGENCY_TASK_STATUS_LABELS } from "~/domain/labels";
import { agencyTaskUpdateSchema } from "~/domain/progressForms";
import { Options } from "~/components/form/Options";
import { PhotoInput } from "~/components/form/PhotoInput";
import { SitePhotos, type SitePhoto } from "~/components/project/SitePhotos";

export interface TaskRow {
  id: number;
  kind: keyof typeof AGENCY_TASK_KIND_LABELS;
  title: string;
  status: keyof typeof AGENCY_TASK_STATUS_LABELS;
  dueOn: string | null;
  completedOn: string | null;
  handlerId: number | null;
  handlerName: string | null;
  note: string | null;
  version: number;
  overdue: boolean;
  photos: SitePhoto[];
}

/** One agency task with its status form (in a <details>, so it works without JavaScript and stays compact). */
export function TaskCard({
  task: t,
  members,
  canEdit,
  today,
  actionData,
}: {
  task: TaskRow;
  members: Array<{ id: number; displayName: string }>;
  canEdit: boolean;
  today: string;
  actionData: unknown;
}) {
  const fail = failureOf(actionData, `task-${t.id}`);
  const schema = useMemo(() => agencyTaskUpdateSchema(today), [today]);
  const { field, onSubmit, errorOf, watch } = useZodForm(schema, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      taskId: String(t.id),
      status: t.status,
      dueOn: t.dueOn ?? "",
      completedOn: t.completedOn ?? "",
      handlerId: t.handlerId ? String(t.handlerId) : "",
      note: t.note ?? "",
      version: String(t.version),
    }),
  });
  const id = (f: string) => `task-${t.id}-${f}`;
  const status = watch("status");
  const { pathname } = useLocation();
  return (
    <li className={`task${t.overdue ? " overdue" : ""}`}>
      <div className="task-head">
        <strong>{t.title}</strong> <span className="muted small">{AGENCY_TASK_KIND_LABELS[t.kind]}</span>{" "}
        <span
          className={`badge ${t.status === "DONE" ? "green" : t.status === "CANCELLED" ? "" : t.overdue ? "red" : "blue"}`}
        >
          {AGENCY_TASK_STATUS_LABELS[t.status]}
        </span>
        {t.overdue ? <span className="badge red">已逾期</span> : null}
      </div>
      <div className="small muted">
        办结时限 {formatDeadline(t.dueOn)}
        {t.completedOn ? ` · 办结于 ${formatChineseDate(t.completedOn)}` : ""} · 经办人 {t.handlerName ?? "未指定"}
        {t.note ? ` · ${t.note}` : ""}
      </div>
      <SitePhotos photos={t.photos} of={t.title} />
      {canEdit ? (
        <details open={Boolean(fail)}>
          <summary>更新状态</summary>
          <ConflictNotice failure={fail} />
          {/* ?task=: a body refused before it is read (a photo over 10 MB) still finds this form */}
          <Form
            method="post"
            action={`${pathname}?task=${t.id}`}
            encType="multipart/form-data"
            onSubmit={onSubmit}
            noValidate
            className="inline-form"
          >
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" {...field("taskId")} />
            <input type="hidden" {...field("version")} />
            <Field id={id("status")} label="状态" error={errorOf("status")} required>
              {(p) => (
                <select {...p} {...field("status")}>
                  <Options items={AGENCY_TASK_STATUS_LABELS} />
                </select>
              )}
            </Field>
            <Field id={id("completedOn")} label="办结日期" error={errorOf("completedOn")} required={status === "DONE"}>
              {(p) => <input type="date" max={today} {...p} {...field("completedOn")} />}
            </Field>
            <Field id={id("dueOn")} label="办结时限" error={errorOf("dueOn")} required>
              {(p) => <input type="date" {...p} {...field("dueOn")} />}
            </Field>
            <Field id={id("handlerId")} label="经办人" error={errorOf("handlerId")}>
              {(p) => <MemberSelect members={members} {...p} {...field("handlerId")} />}
            </Field>
            <Field id={id("note")} label="办理情况" error={errorOf("note")}>
              {(p) => <input type="text" {...p} {...field("note")} />}
            </Field>
            <PhotoInput id={id("photos")} field={field} error={errorOf("photos")} />
            <button type="submit">保存</button>
          </Form>
        </details>
      ) : null}
    </li>
  );
}
