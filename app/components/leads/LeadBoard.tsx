// 招商线索看板: one column per stage with its count and Σ expected amount. A card moves by drag (pointer,
// touch, or keyboard: Space, ←/→, Space) or by its own small form, which posts natively before JavaScript loads.
// 放弃 asks for a reason; 签约 opens the conversion form on the lead's page (it needs the signing details).
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { Form, Link, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { formatChineseDate } from "~/domain/dates";
import { LEAD_STAGE_LABELS } from "~/domain/labels";
import { LEAD_STAGES, leadTableHref, type LeadStageKey } from "~/domain/leadForms";
import { formatAmount, formatWan } from "~/domain/money";

export interface BoardCard {
  id: number;
  name: string;
  enterpriseName: string;
  stage: LeadStageKey;
  expectedAmount: number;
  nextFollowUpOn: string | null;
  lastTouchOn: string;
  dormantDays: number | null;
  overdueDays: number | null;
  abandonReason: string | null;
  convertedProjectId: number | null;
  county: string;
  industry: string;
  owner: string | null;
  version: number;
  canManage: boolean;
}

export interface BoardColumn {
  stage: LeadStageKey;
  count: number;
  amount: number;
  cards: BoardCard[];
}

/** Keyboard dragging jumps a whole column left or right instead of creeping by pixels. */
const columnJump: KeyboardCoordinateGetter = (event, { context: { droppableRects, collisionRect } }) => {
  if (!collisionRect || (event.code !== "ArrowRight" && event.code !== "ArrowLeft")) return undefined;
  const rects = [...droppableRects.values()].sort((a, b) => a.left - b.left);
  const cx = collisionRect.left + collisionRect.width / 2;
  let i = rects.findIndex((r) => cx >= r.left && cx <= r.left + r.width);
  if (i < 0) i = 0;
  i = event.code === "ArrowRight" ? Math.min(rects.length - 1, i + 1) : Math.max(0, i - 1);
  event.preventDefault();
  const t = rects[i];
  return { x: t.left + t.width / 2 - collisionRect.width / 2, y: Math.max(t.top + 40, collisionRect.top) };
};

export function LeadBoard({ columns, redirectTo }: { columns: BoardColumn[]; redirectTo: string }) {
  const submit = useSubmit();
  const navigate = useNavigate();
  const [abandon, setAbandon] = useState<BoardCard | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnJump }),
  );

  const moveTo = (card: BoardCard, stage: LeadStageKey) => {
    if (!card.canManage || stage === card.stage) return;
    if (stage === "SIGNED") navigate(`/leads/${card.id}#convert`);
    else if (stage === "ABANDONED") setAbandon(card);
    else
      submit(
        { intent: "move", stage, version: String(card.version), redirectTo },
        { method: "post", action: `/leads/${card.id}` },
      );
  };

  const onDragEnd = (e: DragEndEvent) => {
    const card = e.active.data.current?.card as BoardCard | undefined;
    if (card && e.over) moveTo(card, e.over.id as LeadStageKey);
  };

  const name = (id: string | number) => {
    const card = columns.flatMap((c) => c.cards).find((c) => `lead-${c.id}` === id);
    return card ? `线索“${card.name}”` : "线索";
  };
  const column = (id: string | number | undefined) =>
    id ? `“${LEAD_STAGE_LABELS[id as LeadStageKey]}”列` : "看板之外";

  return (
    <DndContext
      id="lead-board"
      sensors={sensors}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: {
          draggable:
            "按空格键拿起线索，用左右方向键移到其他阶段，再按空格键放下；按 Esc 取消。也可以使用卡片下方的“移至”表单。",
        },
        announcements: {
          onDragStart: ({ active }) => `已拿起${name(active.id)}。`,
          onDragOver: ({ active, over }) => `${name(active.id)}位于${column(over?.id)}。`,
          onDragEnd: ({ active, over }) => `${name(active.id)}已放到${column(over?.id)}。`,
          onDragCancel: ({ active }) => `已取消移动${name(active.id)}。`,
        },
      }}
    >
      <div className="board" role="list" aria-label="线索看板">
        {columns.map((col) => (
          <Column key={col.stage} col={col} redirectTo={redirectTo} onMove={moveTo} />
        ))}
      </div>
      {abandon ? <AbandonDialog card={abandon} redirectTo={redirectTo} onClose={() => setAbandon(null)} /> : null}
    </DndContext>
  );
}

function Column({
  col,
  redirectTo,
  onMove,
}: {
  col: BoardColumn;
  redirectTo: string;
  onMove: (c: BoardCard, s: LeadStageKey) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: col.stage });
  const headingId = `col-${col.stage}`;
  return (
    <section
      ref={setNodeRef}
      className={`board-col stage-col-${col.stage}${isOver ? " over" : ""}`}
      role="listitem"
      aria-labelledby={headingId}
    >
      <header className="board-col-head">
        <h2 id={headingId}>{LEAD_STAGE_LABELS[col.stage]}</h2>
        <span className="board-col-stats">
          <span>{col.count} 条</span>
          <span title={formatWan(col.amount)}>预计 {formatAmount(col.amount)}</span>
        </span>
      </header>
      {col.cards.length === 0 ? <p className="muted small board-empty">暂无线索</p> : null}
      <ul className="board-cards">
        {col.cards.map((c) => (
          <Card key={c.id} card={c} redirectTo={redirectTo} onMove={onMove} />
        ))}
      </ul>
      {col.count > col.cards.length ? (
        <p className="small board-more">
          另有 {col.count - col.cards.length} 条，
          <Link
            to={leadTableHref(redirectTo.includes("?") ? redirectTo.slice(redirectTo.indexOf("?")) : "", col.stage)}
          >
            在表格中查看全部
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function Card({
  card,
  redirectTo,
  onMove,
}: {
  card: BoardCard;
  redirectTo: string;
  onMove: (c: BoardCard, s: LeadStageKey) => void;
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: `lead-${card.id}`,
    data: { card },
    disabled: !card.canManage,
  });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const stage = new FormData(e.currentTarget).get("stage") as LeadStageKey;
    // 签约 and 放弃 need more than a stage: the dialog / the conversion form collect it.
    if (stage === "SIGNED" || stage === "ABANDONED") {
      e.preventDefault();
      onMove(card, stage);
    }
  };
  return (
    <li ref={setNodeRef} style={style} className={`lead-card${isDragging ? " dragging" : ""}`}>
      <div className="lead-card-top">
        <Link to={`/leads/${card.id}`} className="lead-card-name">
          {card.name}
        </Link>
        {card.canManage ? (
          <button
            type="button"
            className="drag-handle"
            aria-label={`拖动线索：${card.name}`}
            {...attributes}
            {...listeners}
          >
            ⠿
          </button>
        ) : null}
      </div>
      <div className="muted small">{card.enterpriseName}</div>
      <div className="small">
        {card.county} · {card.industry}
      </div>
      <div className="small">
        预计投资 <span title={formatWan(card.expectedAmount)}>{formatAmount(card.expectedAmount)}</span>
      </div>
      {card.stage === "ABANDONED" && card.abandonReason ? (
        <div className="small lead-reason">原因：{card.abandonReason}</div>
      ) : null}
      {card.stage === "SIGNED" && card.convertedProjectId ? (
        <div className="small">
          <Link to={`/projects/${card.convertedProjectId}`}>查看项目</Link>
        </div>
      ) : null}
      {card.nextFollowUpOn && card.stage !== "SIGNED" && card.stage !== "ABANDONED" ? (
        <div className="small muted">
          下次跟进 {formatChineseDate(card.nextFollowUpOn)}
          {card.overdueDays ? <span className="badge red">逾期 {card.overdueDays} 天</span> : null}
        </div>
      ) : null}
      {card.dormantDays ? (
        <div className="small">
          <span className="badge yellow" title={`最近接触 ${formatChineseDate(card.lastTouchOn)}`}>
            沉睡
          </span>{" "}
          <span className="muted">{card.dormantDays} 天未接触</span>
        </div>
      ) : null}
      {card.owner ? <div className="small muted">负责人 {card.owner}</div> : null}
      {card.canManage ? (
        <Form method="post" action={`/leads/${card.id}`} className="lead-move" onSubmit={onSubmit}>
          <input type="hidden" name="intent" value="move" />
          <input type="hidden" name="version" value={card.version} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <label htmlFor={`move-${card.id}`} className="small">
            移至
          </label>
          <select id={`move-${card.id}`} name="stage" defaultValue="">
            <option value="" disabled>
              选择阶段
            </option>
            {LEAD_STAGES.filter((s) => s !== card.stage).map((s) => (
              <option key={s} value={s}>
                {LEAD_STAGE_LABELS[s]}
              </option>
            ))}
          </select>
          <button type="submit" className="small-button" aria-label={`移动线索：${card.name}`}>
            移动
          </button>
        </Form>
      ) : null}
    </li>
  );
}

function AbandonDialog({ card, redirectTo, onClose }: { card: BoardCard; redirectTo: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const navigation = useNavigation();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="abandon-title" onClose={onClose}>
      <Form
        method="post"
        action={`/leads/${card.id}`}
        onSubmit={(e) => {
          const reason = String(new FormData(e.currentTarget).get("abandonReason") ?? "").trim();
          if (!reason) {
            e.preventDefault();
            setError("放弃线索须填写放弃原因");
          } else ref.current?.close();
        }}
      >
        <h2 id="abandon-title">放弃线索：{card.name}</h2>
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="stage" value="ABANDONED" />
        <input type="hidden" name="version" value={card.version} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="field required">
          <label htmlFor="abandon-reason">放弃原因</label>
          <textarea
            id="abandon-reason"
            name="abandonReason"
            maxLength={300}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "abandon-reason-error" : undefined}
            // the dialog opens for this one field
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
          />
          {error ? (
            <span id="abandon-reason-error" className="field-error" role="alert">
              {error}
            </span>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            确认放弃
          </button>
          <button type="button" onClick={() => ref.current?.close()}>
            取消
          </button>
        </div>
      </Form>
    </dialog>
  );
}
