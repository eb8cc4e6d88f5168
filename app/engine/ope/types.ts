// Shapes shared by the off-policy estimators.

/** One logged decision from shadow mode. */
export type LoggedRecord = {
  /** The observed reward of the action the current policy took. */
  reward: number;
  /** Probability the logging (current) policy gave that action, in (0, 1]. */
  loggedPropensity: number;
  /** Probability the candidate policy would have taken the same action, in [0, 1]. */
  targetProbability: number;
  /** Optional reward model for the doubly robust estimator. */
  rewardModel?: {
    /** Predicted reward of the logged action. */
    logged: number;
    /** Expected predicted reward under the candidate policy, Σ_a π(a|x) r̂(x, a). */
    target: number;
  };
};

export type OpeOptions = { alpha?: number };

export type Interval = { estimate: number; ci: [number, number]; standardError: number };

export type OpeEstimate = Interval & {
  /**
   * Kish's effective sample size of the importance weights, (Σw)² / Σw²: how many on-policy
   * records the estimate is worth. Far below n means the policies overlap poorly.
   */
  effectiveSampleSize: number;
  n: number;
};
