import {
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isLeafType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

// Shopify's documented default costs: scalar/enum 0, object 1, connection 2 + page × node cost,
// mutation 10; interfaces and unions cost their most expensive possible selection. Shopify scales
// connection pages logarithmically and keeps the exact formula closed; this uses the community fit
// effectivePage = 1 + floor(10·ln(first)/ln(250)), which reproduces measured costs (first: 250 → 11).

export const MAX_QUERY_COST = 1000;
const MUTATION_COST = 10;
const CONNECTION_BASE = 2;

export function effectivePage(size: number): number {
  if (size <= 0) return 0;
  return 1 + Math.floor((10 * Math.log(size)) / Math.log(250));
}

type Walk = {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  requested: boolean; // false: price what `data` holds
};

// Static: the same document and variables always cost the same.
export function requestedCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return operationCost(schema, document, variables, operationName, undefined);
}

// What was actually returned: connections priced by the nodes that came back.
export function actualCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  data: unknown,
  operationName?: string,
): number {
  return operationCost(schema, document, variables, operationName, data ?? {});
}

function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  rawVariables: Record<string, unknown>,
  operationName: string | undefined,
  data: unknown,
): number {
  const op = getOperationAST(document, operationName);
  if (!op) return 0;
  if (op.operation === "mutation") {
    return op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith("__")).length * MUTATION_COST;
  }
  const coerced = getVariableValues(schema, op.variableDefinitions ?? [], rawVariables);
  const walk: Walk = {
    schema,
    fragments: new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    ),
    variables: coerced.coerced ?? {},
    requested: data === undefined,
  };
  const root = op.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  return root ? selectionCost(walk, op.selectionSet, root, data) : 0;
}

function selectionCost(walk: Walk, set: SelectionSetNode, type: GraphQLCompositeType, data: unknown): number {
  let total = 0;
  const narrowed: number[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      total += fieldCost(walk, sel, type, data);
      continue;
    }
    const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? walk.fragments.get(sel.name.value) : sel;
    if (!fragment) continue;
    const conditionName = fragment.typeCondition?.name.value;
    const condition = conditionName ? walk.schema.getType(conditionName) : type;
    if (!condition || !isCompositeType(condition)) continue;
    const cost = selectionCost(walk, fragment.selectionSet, condition, data);
    // A fragment on the same type always applies; fragments narrowing an abstract type are
    // alternatives, so only the most expensive counts.
    if (condition === type) total += cost;
    else narrowed.push(cost);
  }
  return total + Math.max(0, ...narrowed);
}

function fieldDef(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

function args(walk: Walk, def: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
  try {
    return getArgumentValues(def, node, walk.variables);
  } catch {
    return {};
  }
}

function isConnection(def: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(def.type).name.endsWith("Connection") && def.args.some((a) => a.name === "first");
}

function fieldCost(walk: Walk, node: FieldNode, parent: GraphQLCompositeType, data: unknown): number {
  if (node.name.value.startsWith("__")) return 0;
  const def = fieldDef(parent, node.name.value);
  if (!def || isLeafType(getNamedType(def.type)) || !node.selectionSet) return 0;
  const named = getNamedType(def.type) as GraphQLCompositeType;
  const value = walk.requested ? undefined : (data as Record<string, unknown> | null)?.[node.alias?.value ?? node.name.value];
  if (!walk.requested && (value === undefined || value === null)) return 0;

  if (isConnection(def)) return connectionCost(walk, node, def, named, value);
  const objectCost = (item: unknown) => 1 + selectionCost(walk, node.selectionSet!, named, item);
  if (isListType(getNullableType(def.type))) {
    if (!walk.requested) return (value as unknown[]).reduce<number>((sum, item) => sum + (item === null ? 0 : objectCost(item)), 0);
    const a = args(walk, def, node);
    const size = Array.isArray(a.ids) ? a.ids.length : typeof a.first === "number" ? a.first : 1;
    return size * objectCost(undefined);
  }
  return objectCost(value);
}

function connectionCost(walk: Walk, node: FieldNode, def: GraphQLField<unknown, unknown>, type: GraphQLCompositeType, value: unknown): number {
  if (walk.requested) {
    const a = args(walk, def, node);
    const size = typeof a.first === "number" ? a.first : typeof a.last === "number" ? a.last : 0;
    return CONNECTION_BASE + effectivePage(size) * perNodeCost(walk, node.selectionSet!, type, undefined, 0);
  }
  const returned = returnedCount(node.selectionSet!, value as Record<string, unknown>);
  let worst = 0;
  for (let i = 0; i < returned; i++) worst = Math.max(worst, perNodeCost(walk, node.selectionSet!, type, value, i));
  return CONNECTION_BASE + effectivePage(returned) * worst;
}

function returnedCount(set: SelectionSetNode, value: Record<string, unknown>): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD) continue;
    const list = value[sel.alias?.value ?? sel.name.value];
    if (Array.isArray(list)) n = Math.max(n, list.length);
  }
  return n;
}

// Cost of one node of a connection, through `edges { node }` and/or `nodes`; pageInfo and cursors
// are free. In actual mode `index` picks the returned node to price.
function perNodeCost(walk: Walk, set: SelectionSetNode, type: GraphQLCompositeType, value: unknown, index: number): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD) continue;
    const def = fieldDef(type, sel.name.value);
    if (!def || !sel.selectionSet) continue;
    const key = sel.alias?.value ?? sel.name.value;
    const list = walk.requested ? undefined : ((value as Record<string, unknown>)[key] as unknown[] | undefined);
    const item = list?.[index];
    if (!walk.requested && (item === undefined || item === null)) continue;
    const itemType = getNamedType(def.type) as GraphQLCompositeType;
    if (sel.name.value === "nodes") total += 1 + selectionCost(walk, sel.selectionSet, itemType, item);
    if (sel.name.value === "edges") {
      for (const edgeSel of sel.selectionSet.selections) {
        if (edgeSel.kind !== Kind.FIELD || edgeSel.name.value !== "node" || !edgeSel.selectionSet) continue;
        const nodeDef = fieldDef(itemType, "node");
        if (!nodeDef) continue;
        const nodeValue = walk.requested ? undefined : (item as Record<string, unknown>)[edgeSel.alias?.value ?? "node"];
        const nodeType = getNamedType(nodeDef.type) as GraphQLCompositeType;
        total += 1 + selectionCost(walk, edgeSel.selectionSet, nodeType, nodeValue);
      }
    }
  }
  return total;
}
