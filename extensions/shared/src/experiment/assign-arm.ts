// Which arm this checkout is in. A Function has no randomness and no memory, so assignment must be
// a pure function of the input: an explicit arm the app or storefront stored on the cart, else a
// hash of the logged-in customer. Anonymous carts get no arm (and so no change): a bucket drawn
// from anything a buyer can reset would not be sticky, and the app could not attribute it.
import type { Arm, Experiment } from "./experiment";
import { isDisplayText, isObject } from "./guards";
import { bucketUnits, hashBucket } from "./hash";

export type Assignment<Op> =
  | { arm: Arm<Op>; source: "override"; bucket: null }
  | { arm: Arm<Op>; source: "hash"; bucket: number };

/**
 * Arms take consecutive ranges of [0, 1) in listed order, proportional to weight: with bucket
 * b = n / units and cumulative weights C_0 = 0 ≤ C_1 ≤ … ≤ C_k = W, arm i owns the buckets with
 * C_i · units ≤ n · W < C_(i+1) · units. Integers only, so the app computes the same arm exactly.
 * A weight-0 arm owns no bucket (it can still be reached through the override).
 */
export function armForBucket<Op>(arms: readonly Arm<Op>[], bucket: number, units: number): Arm<Op> | null {
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  const n = Math.round(bucket * units);
  let cumulative = 0;
  for (const arm of arms) {
    cumulative += arm.weight;
    if (n * total < cumulative * units) return arm;
  }
  return null;
}

/**
 * @example
 * assignArm(experiment, { "delivery-order-1": "treatment" }, null) // → { arm: treatment, source: "override" }
 * assignArm(experiment, null, "gid://shopify/Customer/1")          // → { arm, source: "hash", bucket: 0.123 }
 * assignArm(experiment, null, null)                                // → null: anonymous, no arm
 */
export function assignArm<Op>(experiment: Experiment<Op>, armsMetafield: unknown, customerId: unknown): Assignment<Op> | null {
  if (isObject(armsMetafield)) {
    // Arm names are strings, so an inherited property ("constructor") can never match one.
    const named = armsMetafield[experiment.experiment];
    const arm = experiment.arms.find((candidate) => candidate.name === named);
    if (arm !== undefined) return { arm, source: "override", bucket: null };
  }
  if (!isDisplayText(customerId, 1000)) return null;
  const bucket = hashBucket(experiment.experiment, customerId, experiment.hashVersion);
  const arm = armForBucket(experiment.arms, bucket, bucketUnits(experiment.hashVersion));
  return arm === null ? null : { arm, source: "hash", bucket };
}
