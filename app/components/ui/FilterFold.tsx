// The filters a list page keeps behind one 筛选 button on a phone (issue 20 §1): the button says how many are active;
// on a wider screen the button is not shown and the fields sit in the filter bar as before (display: contents).
// Without JavaScript the fields are shown (a <noscript> style in the shell), so the list can always be filtered.
import { useId, useState, type ReactNode } from "react";

export function FilterFold({ active, children }: { active: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className={open ? "filter-fold open" : "filter-fold"}>
      <button
        type="button"
        className="filter-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        筛选{active ? `（${active} 项已选）` : ""}
      </button>
      <div id={id} className="filter-fold-body">
        {children}
      </div>
    </div>
  );
}
