import { useEffect, useState } from "react";

let hydrated = false;

/** False during the server render and the hydration pass, true after (and for every later mount). */
function useHydrated(): boolean {
  const [value, setValue] = useState(hydrated);
  useEffect(() => {
    hydrated = true;
    setValue(true);
  }, []);
  return value;
}

const utcFormat = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * A date in the merchant's own time zone. The server does not know that zone, so the server render (and the
 * hydration pass) shows UTC, labelled as such, and the browser switches to local time right after.
 */
export function DateTime({ value, withSeconds = false }: { value: string | Date; withSeconds?: boolean }) {
  const isHydrated = useHydrated();
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return <>—</>;
  const text = isHydrated
    ? new Intl.DateTimeFormat("en-US", {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
        ...(withSeconds ? { second: "2-digit" } : {}),
      }).format(date)
    : `${utcFormat.format(date)} UTC`;
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {text}
    </time>
  );
}
