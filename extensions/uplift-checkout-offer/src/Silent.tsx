import type { ComponentChildren } from "preact";
import { useErrorBoundary } from "preact/hooks";

/**
 * Error boundary that renders nothing. An uncaught error would only stop this extension, but it
 * would also leave a half-drawn block in the buyer's checkout; vanishing is the better failure.
 */
export function Silent({ children }: { children: ComponentChildren }) {
  const [error] = useErrorBoundary();
  return error ? null : <>{children}</>;
}
