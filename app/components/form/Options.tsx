/** A select's <option>s: {id, name} rows, a value → label map (labels.ts), or plain values shown as they are. */
export function Options({
  items,
}: {
  items: ReadonlyArray<{ id: number | string; name: string }> | Readonly<Record<string, string>> | readonly string[];
}) {
  const pairs: Array<readonly [string | number, string]> = Array.isArray(items)
    ? items.map((x: { id: number | string; name: string } | string) =>
        typeof x === "string" ? ([x, x] as const) : ([x.id, x.name] as const),
      )
    : Object.entries(items);
  return (
    <>
      {pairs.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </>
  );
}
