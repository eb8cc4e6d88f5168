import { describe, expect, it } from "vitest";
import { ACTION_TYPES, actionSchema } from "../../engine/decide/action";
import { proposalSchema } from "./proposal";
import { ACTION_JSON_SCHEMAS, PROPOSAL_JSON_SCHEMA } from "./proposal-json-schema";

// The JSON Schema is written by hand for strict structured output; these tests catch it drifting
// from the zod schemas (a new action type, a renamed field) and from strict mode's rules.

type Node = { type?: string; properties?: Record<string, Node>; required?: string[]; additionalProperties?: boolean; items?: Node; anyOf?: Node[]; enum?: unknown[] };

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  Object.values(node.properties ?? {}).forEach((n) => walk(n, visit));
  if (node.items) walk(node.items, visit);
  node.anyOf?.forEach((n) => walk(n, visit));
}

describe("PROPOSAL_JSON_SCHEMA", () => {
  it("has one branch per action type, with the fields of actionSchema", () => {
    const branches = ACTION_JSON_SCHEMAS as Node[];
    expect(branches.map((b) => b.properties!.type!.enum![0])).toEqual(ACTION_TYPES);
    for (const option of actionSchema.options) {
      const branch = branches.find((b) => b.properties!.type!.enum![0] === option.shape.type.value)!;
      expect(Object.keys(branch.properties!).sort()).toEqual(Object.keys(option.shape).sort());
    }
  });

  it("follows strict mode: every object closed and every property required", () => {
    walk(PROPOSAL_JSON_SCHEMA as unknown as Node, (n) => {
      if (n.type !== "object") return;
      expect(n.additionalProperties).toBe(false);
      expect([...(n.required ?? [])].sort()).toEqual(Object.keys(n.properties ?? {}).sort());
    });
  });

  it("has the top-level fields of proposalSchema", () => {
    expect(Object.keys(PROPOSAL_JSON_SCHEMA.properties).sort()).toEqual(Object.keys(proposalSchema.shape).sort());
    expect(Object.keys(PROPOSAL_JSON_SCHEMA.properties.copy.properties).sort()).toEqual(Object.keys(proposalSchema.shape.copy.shape).sort());
  });
});
