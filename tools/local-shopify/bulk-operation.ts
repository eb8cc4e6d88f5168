import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  parse,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import type { BulkOperation } from "./model";
import { executeAdmin } from "./execute-admin";
import { iso } from "./money";
import { bulkOperationView } from "./views/apps";
import type { ResolverContext, View } from "./views/context";

const MAX_CONNECTIONS = 5;
const MAX_NESTING = 2;

type BulkError = { field: string[]; message: string; code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS" };

// Runs the bulk query to completion right away: the result file is ready by the first poll.
// The mutation still answers with the CREATED snapshot, as Shopify does.
export async function runBulkQuery(ctx: ResolverContext, schema: GraphQLSchema, query: string): Promise<View> {
  const payload = (op: BulkOperation | null, userErrors: BulkError[]) => ({
    __typename: "BulkOperationRunQueryPayload",
    bulkOperation: op ? bulkOperationView(ctx, op) : null,
    userErrors: userErrors.map((e) => ({ __typename: "BulkOperationUserError", ...e })),
  });
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return payload(null, [invalid(`Invalid bulk query: ${(error as Error).message}`)]);
  }
  const problems = [...validate(schema, document).map((e) => e.message), ...shapeProblems(schema, document)];
  if (problems.length > 0) return payload(null, [invalid(`Invalid bulk query: ${problems.join("; ")}`)]);

  const at = iso(ctx.now());
  const op = ctx.store.addBulkOperation(query, at);
  const snapshot = { ...op };
  const result = await executeAdmin(schema, document, {}, { ...ctx, bulk: true, searchWarnings: [] });
  if (result.errors?.length) {
    ctx.store.bulkOperations.delete(op.id);
    throw new GraphQLError(
      `Local Shopify could not run the bulk query: ${result.errors.map((e) => e.message).join("; ")}`,
      { extensions: { code: "INTERNAL_SERVER_ERROR" } },
    );
  }
  const { lines, roots } = toJsonl(result.data ?? {});
  const body = lines.map((l) => JSON.stringify(l)).join("\n") + (lines.length ? "\n" : "");
  Object.assign(op, {
    status: "COMPLETED",
    completedAt: iso(ctx.now()),
    objectCount: lines.length,
    rootObjectCount: roots,
    fileSize: lines.length ? Buffer.byteLength(body) : null,
  } satisfies Partial<BulkOperation>);
  ctx.store.bulkResults.set(op.id, body);
  ctx.onEvent?.("bulk_operations/finish", op);
  return payload(snapshot, []);
}

function invalid(message: string): BulkError {
  return { field: ["query"], message, code: "INVALID" };
}

// Shopify's bulk rules: a query operation, no top-level node/nodes, 1–5 connections nested at most
// two levels deep, and every parent of a nested connection selects `id` (it becomes __parentId).
function shapeProblems(schema: GraphQLSchema, document: DocumentNode): string[] {
  const problems: string[] = [];
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.operation !== "query") return ["Bulk queries must be a query operation."];
  for (const sel of op.selectionSet.selections) {
    if (sel.kind === Kind.FIELD && (sel.name.value === "node" || sel.name.value === "nodes"))
      problems.push("Bulk queries cannot contain a top level `node` or `nodes` field.");
  }
  const typeInfo = new TypeInfo(schema);
  const stack: { connection: boolean; selectsId: boolean }[] = [];
  let connections = 0;
  let depth = 0;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const type = typeInfo.getType();
          const isConnection = !!type && getNamedType(type).name.endsWith("Connection");
          if (isConnection) {
            connections++;
            depth++;
            if (depth > MAX_NESTING) problems.push(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_NESTING}.`);
            // The enclosing field is the outer connection's `node` (or `nodes`): the parent object.
            const owner = stack[stack.length - 1];
            if (depth > 1 && owner && !owner.selectsId)
              problems.push(
                `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection field: '${node.name.value}'`,
              );
          }
          stack.push({ connection: isConnection, selectsId: selectsId(node) });
        },
        leave() {
          const top = stack.pop();
          if (top?.connection) depth--;
        },
      },
    }),
  );
  if (connections === 0) problems.push("Bulk queries must contain at least one connection.");
  if (connections > MAX_CONNECTIONS) problems.push(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`);
  return problems;
}

function selectsId(node: { selectionSet?: { selections: readonly { kind: string; name?: { value: string }; alias?: unknown }[] } }): boolean {
  return !!node.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name?.value === "id" && !s.alias);
}

type Json = Record<string, unknown>;

function isConnectionValue(value: unknown): value is { edges?: { node: Json }[]; nodes?: Json[] } {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === "edges" || k === "nodes" || k === "pageInfo") && (Array.isArray((value as Json).edges) || Array.isArray((value as Json).nodes));
}

function connectionNodes(value: { edges?: { node: Json }[]; nodes?: Json[] }): Json[] {
  return value.nodes ?? (value.edges ?? []).map((e) => e.node);
}

// One line per node; children of nested connections follow their parent with `__parentId`.
function toJsonl(data: Json): { lines: Json[]; roots: number } {
  const lines: Json[] = [];
  let roots = 0;
  const emit = (obj: Json, parentId: unknown) => {
    const line: Json = {};
    const children: Json[] = [];
    for (const [key, value] of Object.entries(obj)) {
      if (isConnectionValue(value)) children.push(...connectionNodes(value));
      else line[key] = value;
    }
    if (parentId !== undefined) line.__parentId = parentId;
    lines.push(line);
    for (const child of children) emit(child, obj.id);
  };
  for (const value of Object.values(data)) {
    const top = isConnectionValue(value) ? connectionNodes(value) : value && typeof value === "object" ? [value as Json] : [];
    for (const root of top) {
      roots++;
      emit(root, undefined);
    }
  }
  return { lines, roots };
}
