import { readFileSync } from "node:fs";
import {
  buildSchema,
  getNamedType,
  isLeafType,
  isObjectType,
  isInterfaceType,
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  validate,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

export const MAX_QUERY_COST = 30;
export const MAX_QUERY_BYTES = 3000;

const schemaCache = new Map<string, GraphQLSchema>();

function loadSchema(schemaPath: string): GraphQLSchema {
  let schema = schemaCache.get(schemaPath);
  if (!schema) {
    schema = buildSchema(readFileSync(schemaPath, "utf8"));
    schemaCache.set(schemaPath, schema);
  }
  return schema;
}

// Field costs from shopify.dev/docs/api/functions/latest ("Input query limits"), read 2026-11:
//   __typename 0; any field that returns a Metafield 3 and "any field on a Metafield object" 0;
//   hasAnyTag/hasTags 3 and any field on a HasTagResponse 0; inAnyCollection/inCollections 3 and
//   any field on a CollectionMembership 0; the `metaobject` root field 1; `field(key:)` on a
//   Metaobject 3; other leaf nodes 1. Object fields themselves are free.
// The page says nothing about the fields under `field(key:)` (a MetaobjectField); we count them 0
// like a Metafield's, which is the reading most favourable to the query: treat it as unconfirmed.
const FLAT_COST_FIELDS = new Set(["hasAnyTag", "hasTags", "inAnyCollection", "inCollections"]);

function selectionCost(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
  fragments: Map<string, FragmentDefinitionNode>,
): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      if (type) cost += selectionCost(schema, selection.selectionSet, type, fragments);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      const type = fragment && schema.getType(fragment.typeCondition.name.value);
      if (fragment && type) cost += selectionCost(schema, fragment.selectionSet, type, fragments);
      continue;
    }
    const name = selection.name.value;
    if (name === "__typename") continue;
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    const definition = parent.getFields()[name];
    if (!definition) continue; // validate() reports it
    const type = getNamedType(definition.type);
    if (type.name === "Metafield" || FLAT_COST_FIELDS.has(name)) {
      cost += 3;
    } else if (name === "field" && parent.name === "Metaobject") {
      cost += 3;
    } else if (isLeafType(type)) {
      cost += 1;
    } else {
      if (name === "metaobject" && type.name === "Metaobject") cost += 1;
      if (selection.selectionSet) cost += selectionCost(schema, selection.selectionSet, type, fragments);
    }
  }
  return cost;
}

// Shopify's 3,000-byte limit excludes comments. graphql-js's lexer links comment tokens into its
// token chain even though it skips them, so walking the chain finds exactly the comments a GraphQL
// parser sees (a `#` inside a string is not one).
function bytesWithoutComments(text: string): number {
  const lexer = new Lexer(new Source(text));
  while (lexer.advance().kind !== TokenKind.EOF);
  let commentBytes = 0;
  for (let token: ReturnType<Lexer["advance"]> | null = lexer.token; token; token = token.prev) {
    if (token.kind === TokenKind.COMMENT) commentBytes += Buffer.byteLength(text.slice(token.start, token.end));
  }
  return Buffer.byteLength(text) - commentBytes;
}

/** Validates a Function input query against its API schema and measures Shopify's two limits. */
export function validateInputQuery(schemaPath: string, queryPath: string): { errors: string[]; cost: number; bytes: number } {
  const schema = loadSchema(schemaPath);
  const text = readFileSync(queryPath, "utf8");
  let document;
  try {
    document = parse(new Source(text, queryPath));
  } catch (error) {
    return { errors: [(error as Error).message], cost: 0, bytes: Buffer.byteLength(text) };
  }
  const errors = validate(schema, document).map((e) => e.message);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let cost = 0;
  const root = schema.getQueryType();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && root) cost += selectionCost(schema, definition.selectionSet, root, fragments);
  }
  return { errors, cost, bytes: bytesWithoutComments(text) };
}
