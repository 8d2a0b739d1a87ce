// Searchable investor-enterprise picker: downshift's accessible combobox over /resources/enterprises. The text
// input posts as `enterpriseQuery`, so without JavaScript an exact name or credit code still works.
import { useFetcher } from "@remix-run/react";
import { useCombobox } from "downshift";
import { useEffect, useState } from "react";

export interface EnterpriseOption {
  id: number;
  name: string;
  creditCode: string;
}

export function EnterprisePicker({
  id,
  query,
  selectedId,
  error,
  onQueryChange,
  onSelect,
}: {
  id: string;
  query: string;
  selectedId: string;
  error?: string;
  onQueryChange: (q: string) => void;
  onSelect: (e: EnterpriseOption | null) => void;
}) {
  const fetcher = useFetcher<{ q: string; items: EnterpriseOption[] }>();
  const [items, setItems] = useState<EnterpriseOption[]>([]);
  useEffect(() => {
    if (fetcher.data) setItems(fetcher.data.items);
  }, [fetcher.data]);
  const { isOpen, getLabelProps, getMenuProps, getInputProps, getItemProps, highlightedIndex } =
    useCombobox<EnterpriseOption>({
      id,
      inputId: id,
      labelId: `${id}-label`,
      menuId: `${id}-menu`,
      items,
      inputValue: query,
      itemToString: (e) => e?.name ?? "",
      onInputValueChange: ({ inputValue, type }) => {
        onQueryChange(inputValue ?? "");
        if (type === useCombobox.stateChangeTypes.InputChange) {
          onSelect(null);
          if (inputValue && inputValue.trim().length >= 1)
            fetcher.load(`/resources/enterprises?q=${encodeURIComponent(inputValue.trim())}`);
          else setItems([]);
        }
      },
      onSelectedItemChange: ({ selectedItem }) => onSelect(selectedItem ?? null),
    });
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field combo-field">
      {/* getLabelProps() supplies htmlFor (the input's id), which the rule cannot see */}
      {/* eslint-disable-next-line jsx-a11y/label-has-associated-control */}
      <label {...getLabelProps()}>投资企业</label>
      <div className="combo">
        <input
          type="text"
          {...getInputProps({ name: "enterpriseQuery", autoComplete: "off" })}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <ul {...getMenuProps()} className="combo-menu">
          {isOpen
            ? items.map((item, index) => (
                <li
                  key={item.id}
                  className={highlightedIndex === index ? "highlighted" : undefined}
                  {...getItemProps({ item, index })}
                >
                  {item.name}
                  <span className="muted small"> {item.creditCode}</span>
                </li>
              ))
            : null}
        </ul>
      </div>
      <span id={`${id}-hint`} className="muted small">
        {selectedId ? "已选定企业" : "输入企业名称或统一社会信用代码搜索，并从列表中选择"}
      </span>
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The registered enterprise a refused registration names (same name or credit code): shown under the new-enterprise
 * fields with a button that switches the form to picking it (the project form and the lead's signing form).
 */
export function RegisteredEnterpriseOffer({
  offer,
  onUse,
}: {
  offer: { id: number; name: string; creditCode: string } | null;
  onUse: (offer: { id: number; name: string }) => void;
}) {
  if (!offer) return null;
  return (
    <div className="chosen span-all">
      <span>
        已登记企业：{offer.name}（{offer.creditCode}）
      </span>
      <button type="button" onClick={() => onUse(offer)}>
        选用该企业
      </button>
    </div>
  );
}
