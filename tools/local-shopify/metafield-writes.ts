import type { Gid } from "./model";
import type { Store } from "./store";
import { isKnownType, valueError } from "./metafield-values";
import { capabilityEnabled } from "./metafield-capabilities";

// One element of metafieldsSet after $app expansion. compareDigest: undefined = no check,
// null = the metafield must not exist yet, string = must equal the current digest.
export type MetafieldWrite = {
  ownerId: Gid;
  namespace: string;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
};

export type MetafieldsSetError = {
  field: string[] | null;
  message: string;
  code: string;
  elementIndex: number | null;
};

export const MAX_METAFIELDS_PER_SET = 25;

export function validateMetafieldWrites(store: Store, writes: readonly MetafieldWrite[], appId?: string): MetafieldsSetError[] {
  if (writes.length > MAX_METAFIELDS_PER_SET) {
    return [
      {
        field: ["metafields"],
        message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`,
        code: "LESS_THAN_OR_EQUAL_TO",
        elementIndex: null,
      },
    ];
  }
  return writes.flatMap((w, i) => elementErrors(store, w, i, appId));
}

function elementErrors(store: Store, w: MetafieldWrite, index: number, appId?: string): MetafieldsSetError[] {
  const error = (attr: string, code: string, message: string): MetafieldsSetError => ({
    field: ["metafields", String(index), attr],
    message,
    code,
    elementIndex: index,
  });
  const ownerType = store.ownerType(w.ownerId);
  if (!ownerType) return [error("ownerId", "INVALID", "Owner does not exist.")];

  const errors: MetafieldsSetError[] = [];
  if (w.key.length < 2) errors.push(error("key", "TOO_SHORT", "Key is too short (minimum is 2 characters)."));
  else if (w.key.length > 64) errors.push(error("key", "TOO_LONG", "Key is too long (maximum is 64 characters)."));
  else if (!/^[A-Za-z0-9_-]+$/.test(w.key))
    errors.push(error("key", "INVALID", "Key contains one or more invalid characters."));
  if (w.namespace.length < 3) errors.push(error("namespace", "TOO_SHORT", "Namespace is too short (minimum is 3 characters)."));
  else if (w.namespace.length > 255) errors.push(error("namespace", "TOO_LONG", "Namespace is too long (maximum is 255 characters)."));
  if (errors.length > 0) return errors;
  const own = w.namespace === `app--${appId}` || w.namespace.startsWith(`app--${appId}--`);
  if (appId && /^app--\d+/.test(w.namespace) && !own)
    return [error("namespace", "APP_NOT_AUTHORIZED", "ApiPermission metafields can only be created or updated by the app owner.")];

  const existing = store.metafield(w.ownerId, w.namespace, w.key);
  const definition = store.definitionFor(ownerType, w.namespace, w.key);
  const type = w.type ?? definition?.type ?? existing?.type;
  if (!type) return [error("type", "BLANK", "Type can't be blank.")];
  if (!isKnownType(type)) return [error("type", "INVALID_TYPE", `Type '${type}' is not a valid metafield type.`)];
  if (definition && definition.type !== type)
    return [error("type", "INVALID_TYPE", `Type must be '${definition.type}' to match the metafield definition.`)];

  const invalid = valueError(type, w.value, store.shop.currencyCode);
  if (invalid) return [error("value", "INVALID_VALUE", invalid)];
  // The code is Shopify's; the message is assumed.
  const owner = store.canonicalOwner(w.ownerId);
  if (definition && capabilityEnabled(definition, "uniqueValues") &&
      store.metafieldsWith(w.namespace, w.key).some((m) => m.ownerId !== owner && m.value === w.value && store.ownerType(m.ownerId) === ownerType))
    return [error("value", "CAPABILITY_VIOLATION", "Value has already been taken.")];

  if (w.compareDigest !== undefined) {
    const current = existing ? store.digestOf(existing) : null;
    if (w.compareDigest !== null && !/^[0-9a-f]{64}$/.test(w.compareDigest))
      return [error("compareDigest", "INVALID_COMPARE_DIGEST", "The compareDigest is invalid.")];
    if (current !== w.compareDigest)
      return [
        error(
          "compareDigest",
          "STALE_OBJECT",
          "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
        ),
      ];
  }
  return [];
}
