import { forwardRef, type SelectHTMLAttributes } from "react";

/** The handler of an agency task: one of the project team's members, or none yet. */
export const MemberSelect = forwardRef<
  HTMLSelectElement,
  SelectHTMLAttributes<HTMLSelectElement> & { members: Array<{ id: number; displayName: string }> }
>(function MemberSelect({ members, ...props }, ref) {
  return (
    <select ref={ref} {...props}>
      <option value="">暂不指定</option>
      {members.map((m) => (
        <option key={m.id} value={m.id}>
          {m.displayName}
        </option>
      ))}
    </select>
  );
});
