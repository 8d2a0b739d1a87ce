/** A labelled <select> for GET filter forms; the URL value is the selection (the key resets it on navigation). */
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
  value: string | number | undefined;
  options: Array<[string | number, string]>;
  allLabel?: string | null;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value === undefined ? "" : String(value)} key={`${name}-${value ?? ""}`}>
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
