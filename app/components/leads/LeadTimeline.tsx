// A lead's timeline (issue 22 item 2): touches (外出招商, 来晋考察, 电话, 会谈, 推介会, 文件往来) with people, content,
// files and next step, the 推介活动 its 客商 attended (decision 195), and the lead's changes (registered, stage moves,
// amounts, owner, signing), newest first. The investor's page shows its leads' touches (each linking to its lead)
// and its events the same way (`investor`).
import { Link } from "@remix-run/react";
import { formatChineseDate } from "~/domain/dates";
import { EVENT_KIND_LABELS } from "~/domain/eventLabels";
import { LEAD_TOUCH_KIND_LABELS } from "~/domain/labels";
import type { TimelineItem } from "~/models/leadTouch.server";

function fileSize(n: number) {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export function LeadTimeline({ items, investor = false }: { items: TimelineItem[]; investor?: boolean }) {
  const titleId = investor ? "inv-timeline" : "timeline-title";
  return (
    <section className="card" id="timeline" aria-labelledby={titleId}>
      <h2 id={titleId}>
        跟进时间线<span className="section-count">{items.length} 条</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{investor ? "该客商暂无跟进和参会记录。" : "暂无记录。"}</p>
      ) : (
        <ol className="lead-timeline" aria-label={investor ? "客商跟进时间线（最新在前）" : "跟进时间线（最新在前）"}>
          {items.map((it) =>
            it.type === "touch" ? (
              <li key={it.key} className="timeline-touch">
                <div className="timeline-head">
                  <span className="nowrap">{formatChineseDate(it.on)}</span>{" "}
                  <span className="badge blue">{LEAD_TOUCH_KIND_LABELS[it.kind]}</span>{" "}
                  {investor ? (
                    <>
                      <Link to={`/leads/${it.lead.id}`}>{it.lead.name}</Link>{" "}
                    </>
                  ) : null}
                  <span className="muted small">记录人 {it.by}</span>
                </div>
                <div className="small">
                  我方：{it.ourPeople}；对方：{it.theirPeople}
                </div>
                <p className="lead-timeline-content">{it.content}</p>
                {it.nextStep ? (
                  <div className="small">
                    下一步：{it.nextStep}
                    {it.nextStepOn ? `（${formatChineseDate(it.nextStepOn)}）` : ""}
                  </div>
                ) : null}
                {it.attachments.length ? (
                  <ul className="attachments small">
                    {it.attachments.map((a) => (
                      <li key={a.id}>
                        <a href={`/resources/attachments/${a.id}`} download>
                          {a.fileName}
                        </a>{" "}
                        <span className="muted">{fileSize(a.size)}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ) : it.type === "event" ? (
              <li key={it.key} className="timeline-touch">
                <div className="timeline-head">
                  <span className="nowrap">{formatChineseDate(it.on)}</span>{" "}
                  <span className="badge blue">{EVENT_KIND_LABELS[it.event.kind]}</span>{" "}
                  <Link to={`/events/${it.event.id}`}>{it.event.name}</Link>{" "}
                  <span className="muted small">{it.event.city}</span>
                </div>
                {investor ? (
                  <div className="small">参会人员：{it.people ?? "—"}</div>
                ) : (
                  <div className="small">
                    {it.people ? `客商参会人员：${it.people}` : "客商参会"}
                    {it.source ? "；本线索来自该活动" : ""}
                  </div>
                )}
              </li>
            ) : (
              <li key={it.key} className="timeline-change">
                <span className="nowrap">{it.at}</span> {it.actor} {it.action}
                {it.change ? <span className="muted small"> {it.change}</span> : null}
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
