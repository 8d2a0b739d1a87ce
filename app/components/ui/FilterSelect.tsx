/** A labelled <select> for a GET filter form; "全部" (empty value) first unless allLabel is null. */
export function FilterSelect({
  id,
  name,
  label,
  value,
  options,
  allLabel = "全部",
}: {
  id: string;
  name: string;
  label: string;
  value: string | number | undefined | null;
  options: Array<[string | number, string]>;
  allLabel?: string | null;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {/* keyed by value so a URL change (back button) resets the uncontrolled select */}
      <select
        id={id}
        name={name}
        defaultValue={value === undefined || value === null ? "" : String(value)}
        key={`${name}-${value ?? ""}`}
      >
        {allLabel !== null ? <option value="">{allLabel}</option> : null}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
