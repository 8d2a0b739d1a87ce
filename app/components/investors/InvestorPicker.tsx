// Searchable 客商 picker (docs/decisions/195): downshift's accessible combobox over /resources/investors (name,
// contact or phone). The text posts as `investorQuery`, the picked id as `investorId`; without JavaScript an exact
// name still works.
import { useFetcher } from "@remix-run/react";
import { useCombobox } from "downshift";
import { useEffect, useState } from "react";

export interface InvestorOption {
  id: number;
  name: string;
  sourceRegion: string;
  contacts: string;
}

export function InvestorPicker({
  id,
  label,
  query,
  selectedId,
  hint,
  error,
  onQueryChange,
  onSelect,
}: {
  id: string;
  label: string;
  query: string;
  selectedId: string;
  hint: string;
  error?: string;
  onQueryChange: (q: string) => void;
  onSelect: (o: InvestorOption | null) => void;
}) {
  const fetcher = useFetcher<{ q: string; items: InvestorOption[] }>();
  const [items, setItems] = useState<InvestorOption[]>([]);
  useEffect(() => {
    if (fetcher.data) setItems(fetcher.data.items);
  }, [fetcher.data]);
  const { isOpen, getLabelProps, getMenuProps, getInputProps, getItemProps, highlightedIndex } =
    useCombobox<InvestorOption>({
      id,
      inputId: id,
      labelId: `${id}-label`,
      menuId: `${id}-menu`,
      items,
      inputValue: query,
      itemToString: (o) => o?.name ?? "",
      onInputValueChange: ({ inputValue, type }) => {
        onQueryChange(inputValue ?? "");
        if (type === useCombobox.stateChangeTypes.InputChange) {
          onSelect(null);
          if (inputValue && inputValue.trim().length >= 1)
            fetcher.load(`/resources/investors?q=${encodeURIComponent(inputValue.trim())}`);
          else setItems([]);
        }
      },
      onSelectedItemChange: ({ selectedItem }) => onSelect(selectedItem ?? null),
    });
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field combo-field required">
      {/* getLabelProps() supplies htmlFor (the input's id) */}
      <label {...getLabelProps()}>{label}</label>
      <div className="combo">
        <input
          type="text"
          maxLength={120}
          {...getInputProps({ name: "investorQuery", autoComplete: "off" })}
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
                  <span className="muted small">
                    {" "}
                    {item.sourceRegion}
                    {item.contacts ? ` · ${item.contacts}` : ""}
                  </span>
                </li>
              ))
            : null}
        </ul>
      </div>
      <input type="hidden" name="investorId" value={selectedId} />
      <span id={`${id}-hint`} className="muted small">
        {selectedId ? "已选定客商" : hint}
      </span>
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
