import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Re-runs the page's loaders every `intervalMs` while the tab is visible and nothing else is loading,
 * so a merchant sees orders and timeline events arrive without reloading. Also refreshes when the tab
 * becomes visible again.
 */
export function useAutoRefresh(intervalMs = 5000): void {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const busy = revalidator.state !== "idle" || navigation.state !== "idle";
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;

  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === "visible" && !busyRef.current) revalidateRef.current();
    };
    const timer = window.setInterval(refresh, intervalMs);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [intervalMs]);
}
