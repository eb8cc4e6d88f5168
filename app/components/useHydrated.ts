import { useEffect, useState } from "react";

/** False on the server and during hydration, true once mounted: for parts that need `window` (Polaris Viz). */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
