// What the off-policy estimate of a shadow-mode workflow looks like: computed in
// app/services/shadow.server.ts, shown by app/components/ShadowEstimateView.tsx.

export type Interval = { estimate: number; ci: [number, number]; standardError: number };

export type ShadowEstimate =
  | { status: "not_enough_data"; reason: string; n: number; pending: number; minimum: number }
  | {
      status: "ok";
      n: number;
      /** Decisions younger than the reward window, not counted yet. */
      pending: number;
      effectiveSampleSize: number;
      /** Share of records whose candidate action was never actually taken: the estimate cannot speak for them. */
      unsupportedShare: number;
      /** Mean margin per decision of what was actually done (on-policy). */
      current: Interval;
      snips: Interval;
      doublyRobust: Interval;
      /** Candidate minus current, doubly robust, with the paired interval. */
      difference: Interval;
      windowDays: number;
    };
