// Searchable picker: downshift's accessible combobox over a `/resources/…?q=` endpoint that answers
// `{ q, items }`. The typed text posts as `queryName`, so without JavaScript an exact name still works; the picked
// id posts as `idName` when given (otherwise the page posts it itself). The 客商 and 投资企业 pickers are this.
import { useFetcher } from "@remix-run/react";
import { useCombobox } from "downshift";
import { useEffect, useState, type ReactNode } from "react";

export interface PickerOption {
  id: number;
  name: string;
}

export function SearchPicker<T extends PickerOption>({
  id,
  label,
  endpoint,
  queryName,
  idName,
  query,
  selectedId,
  hint,
  selectedHint,
  error,
  required,
  maxLength,
  detail,
  onQueryChange,
  onSelect,
}: {
  id: string;
  label: string;
  endpoint: string;
  queryName: string;
  idName?: string;
  query: string;
  selectedId: string;
  hint: string;
  selectedHint: string;
  error?: string;
  required?: boolean;
  maxLength?: number;
  detail: (item: T) => ReactNode;
  onQueryChange: (q: string) => void;
  onSelect: (o: T | null) => void;
}) {
  const fetcher = useFetcher<{ q: string; items: T[] }>();
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    if (fetcher.data) setItems(fetcher.data.items);
  }, [fetcher.data]);
  const { isOpen, getLabelProps, getMenuProps, getInputProps, getItemProps, highlightedIndex } = useCombobox<T>({
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
          fetcher.load(`${endpoint}?q=${encodeURIComponent(inputValue.trim())}`);
        else setItems([]);
      }
    },
    onSelectedItemChange: ({ selectedItem }) => onSelect(selectedItem ?? null),
  });
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={required ? "field combo-field required" : "field combo-field"}>
      {/* getLabelProps() supplies htmlFor (the input's id), which the rule cannot see */}
      <label {...getLabelProps()}>{label}</label>
      <div className="combo">
        <input
          type="text"
          maxLength={maxLength}
          {...getInputProps({ name: queryName, autoComplete: "off" })}
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
                  <span className="muted small"> {detail(item)}</span>
                </li>
              ))
            : null}
        </ul>
      </div>
      {idName ? <input type="hidden" name={idName} value={selectedId} /> : null}
      <span id={`${id}-hint`} className="muted small">
        {selectedId ? selectedHint : hint}
      </span>
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
