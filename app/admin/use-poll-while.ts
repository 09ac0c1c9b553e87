/**
 * Re-runs the page's loader every `ms` while `active` (a job is queued or running, a publish is under way): what the
 * merchant watches changes without any action. One request at a time (skipped while one is in flight), none while
 * the tab is hidden, and the interval is not restarted on every render (the revalidator is read through a ref).
 */
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

export const DEFAULTS = {
  /** milliseconds between loader runs */
  ms: 3000,
} as const;

export function usePollWhile(active: boolean, ms: number = DEFAULTS.ms): void {
  const revalidator = useRevalidator();
  const current = useRef(revalidator);
  current.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "hidden" || current.current.state !== "idle") return;
      current.current.revalidate();
    }, ms);
    return () => clearInterval(timer);
  }, [active, ms]);
}
