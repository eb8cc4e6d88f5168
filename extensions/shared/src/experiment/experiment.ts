// The experiment configuration both customization Functions read from their owner's `$app`
// metafield `function-configuration`. Only the operations differ between the two Functions, so
// the caller passes the parser for one operation; any refused part refuses the whole config,
// because half an experiment would measure something nobody designed.
import { hasOnlyKeys, isDisplayText, isIntegerInRange, isObject } from "./guards";

export type Arm<Op> = { name: string; weight: number; ops: Op[] };
export type Experiment<Op> = { experiment: string; hashVersion: 1 | 2; arms: Arm<Op>[] };

export const MAX_ARMS = 10;
export const MAX_OPS_PER_ARM = 20;
/** Integer weights keep the arm ranges exact (see assign-arm.ts). */
export const MAX_WEIGHT = 10000;
const MAX_NAME = 100;

function parseArm<Op>(raw: unknown, parseOp: (raw: unknown) => Op | null): Arm<Op> | null {
  if (!isObject(raw) || !hasOnlyKeys(raw, ["name", "weight", "ops"])) return null;
  const { name, weight, ops } = raw;
  if (!isDisplayText(name, MAX_NAME) || !isIntegerInRange(weight, 0, MAX_WEIGHT)) return null;
  if (!Array.isArray(ops) || ops.length > MAX_OPS_PER_ARM) return null;
  const parsed: Op[] = [];
  for (const rawOp of ops) {
    const op = parseOp(rawOp);
    if (op === null) return null;
    parsed.push(op);
  }
  return { name, weight, ops: parsed };
}

/**
 * @example
 * parseExperiment({ v: 1, experiment: "delivery-order-1", hashVersion: 1,
 *   arms: [{ name: "control", weight: 50, ops: [] }, { name: "treatment", weight: 50, ops: [...] }] }, parseDeliveryOp)
 * // → { experiment: "delivery-order-1", hashVersion: 1, arms: [...] }, or null if anything is off
 */
export function parseExperiment<Op>(raw: unknown, parseOp: (raw: unknown) => Op | null): Experiment<Op> | null {
  if (!isObject(raw) || !hasOnlyKeys(raw, ["v", "experiment", "hashVersion", "arms"])) return null;
  const { v, experiment, hashVersion, arms } = raw;
  if (v !== 1 || !isDisplayText(experiment, MAX_NAME)) return null;
  if (hashVersion !== 1 && hashVersion !== 2) return null;
  if (!Array.isArray(arms) || arms.length === 0 || arms.length > MAX_ARMS) return null;
  const parsed: Arm<Op>[] = [];
  for (const rawArm of arms) {
    const arm = parseArm(rawArm, parseOp);
    // Duplicate names would make an override or an attribution ambiguous.
    if (arm === null || parsed.some((other) => other.name === arm.name)) return null;
    parsed.push(arm);
  }
  if (parsed.reduce((sum, arm) => sum + arm.weight, 0) === 0) return null;
  return { experiment, hashVersion, arms: parsed };
}
