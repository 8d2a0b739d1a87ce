export interface SupervisionCountsView {
  total: number;
  toSign: number;
  handling: number;
  reported: number;
  done: number;
  red: number;
  yellow: number;
  pending: number;
}

/** One line of counts over a home page's 督办 list: states, 红牌/黄牌 and extensions awaiting the office. */
export function SupervisionCounts({ counts: c }: { counts: SupervisionCountsView }) {
  const items: [string, number, string?][] = [
    ["待签收", c.toSign],
    ["办理中", c.handling],
    ["红牌（超期）", c.red, c.red ? "red" : undefined],
    ["黄牌（临期）", c.yellow, c.yellow ? "yellow" : undefined],
    ["延期待审批", c.pending],
    ["待审核销号", c.reported],
    ["已销号", c.done],
  ];
  return (
    <ul className="inline-counts" aria-label="督办事项统计">
      {items.map(([label, n, color]) => (
        <li key={label} className={color ? `badge ${color}` : undefined}>
          {label} <strong>{n}</strong> 项
        </li>
      ))}
    </ul>
  );
}
