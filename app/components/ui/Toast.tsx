import { useEffect, useState } from "react";

export function Toast({ message, kind }: { message: string; kind: "success" | "error" }) {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    setShown(true);
    const t = setTimeout(() => setShown(false), 5000);
    return () => clearTimeout(t);
  }, [message]);
  if (!shown) return null;
  return (
    <div className={`toast ${kind === "error" ? "error" : ""}`} role={kind === "error" ? "alert" : "status"}>
      {message}
    </div>
  );
}
