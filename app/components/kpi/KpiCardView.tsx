import { Link } from "@remix-run/react";
import { RAG_LABELS, type KpiCard } from "~/domain/kpi";
import { TARGET_METRIC_LABELS } from "~/domain/labels";
import { formatBasisPoints, formatPct, formatWan, groupThousands, wanToYiString } from "~/domain/money";

/** The exact figure behind a card, for the title tooltip and screen readers. */
export function exactKpiText(card: Pick<KpiCard, "kind" | "metric" | "value" | "fraction">): string {
  if (card.kind === "amount") return formatWan(card.value ?? 0);
  const f = card.fraction!;
  if (card.metric === "FUNDING_RATE") return `到位 ${formatWan(f.num)} / 签约 ${formatWan(f.den)}`;
  return `${groupThousands(String(f.num))} / ${groupThousands(String(f.den))} 个签约项目`;
}

export function KpiValue({ card }: { card: KpiCard }) {
  if (card.kind === "amount") {
    return (
      <span title={formatWan(card.value ?? 0)}>
        {wanToYiString(card.value ?? 0, 2)}
        <small>亿元</small>
      </span>
    );
  }
  return <span title={exactKpiText(card)}>{formatPct(card.ratePct)}</span>;
}

export function targetText(card: KpiCard): string {
  if (card.target === null) return "未设目标";
  return card.kind === "amount"
    ? `目标 ${wanToYiString(card.target, 2)}亿元`
    : `目标 ≥ ${formatBasisPoints(card.target)}`;
}

const RATE_RAG_LABELS: Record<KpiCard["rag"], string> = {
  green: "达到目标",
  yellow: "低于目标",
  red: "明显低于目标",
  none: "暂无数据",
};

export function ragText(card: Pick<KpiCard, "rag" | "kind">): string {
  return card.kind === "rate" ? RATE_RAG_LABELS[card.rag] : RAG_LABELS[card.rag];
}

export function RagBadge({ card }: { card: Pick<KpiCard, "rag" | "kind"> }) {
  return <span className={`badge rag-${card.rag}`}>{ragText(card)}</span>;
}

export function KpiCardView({ card, href }: { card: KpiCard; href: string }) {
  const completion = card.completionPct === null ? 0 : Math.max(0, Math.min(card.completionPct, 100));
  const expected = Math.max(0, Math.min(card.expectedPct, 100));
  return (
    <article className={`kpi-card rag-border-${card.rag}`} aria-labelledby={`kpi-${card.metric}`}>
      <h2 id={`kpi-${card.metric}`} className="kpi-label">
        {TARGET_METRIC_LABELS[card.metric]}
      </h2>
      <p className="kpi-value">
        <KpiValue card={card} />
      </p>
      <p className="kpi-exact muted small">{exactKpiText(card)}</p>
      <div className="kpi-bar" aria-hidden="true">
        <span className="kpi-bar-fill" style={{ width: `${completion}%` }} />
        {card.kind === "amount" ? <span className="kpi-bar-pace" style={{ left: `${expected}%` }} /> : null}
      </div>
      <dl className="kpi-facts">
        <dt>{card.kind === "amount" ? "目标" : "目标值"}</dt>
        <dd>{targetText(card).replace(/^目标 /, "")}</dd>
        <dt>完成目标</dt>
        <dd>{formatPct(card.completionPct)}</dd>
        <dt>{card.kind === "amount" ? "序时进度" : "应达"}</dt>
        <dd>{formatPct(card.expectedPct)}</dd>
      </dl>
      <p className="kpi-foot">
        <RagBadge card={card} />
        <Link to={href} className="small">
          查看项目<span className="sr-only">（{TARGET_METRIC_LABELS[card.metric]}）</span>
        </Link>
      </p>
    </article>
  );
}
