// How a JSON key decides what happens to its value before anything reaches an LLM vendor.
// The lists follow Shopify's webhook payloads (orders, checkouts, carts, customers): the personal
// parts there are whole objects (customer, billing_address, ...) and a handful of leaf keys.

/** What to do with a value, judged from its key and the keys beside it. */
export type KeyClass =
  | { kind: "personal"; token: string } // replace the whole value, whatever it is
  | { kind: "product" } // merchant catalogue text: contact data is still removed, names and streets are not
  | { kind: "code" } // SKU or barcode: digits here are not phone numbers (card-like ones still go)
  | { kind: "id" } // identifiers and gids: long digit runs are ids, not cards or phones
  | { kind: "free" }; // anything else is treated as text a shopper may have typed

export const normalizeKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

const personal = (token: string): KeyClass => ({ kind: "personal", token });

const EXACT: Record<string, string> = {
  customer: "[customer]",
  customers: "[customer]",
  buyer: "[customer]",
  buyeridentity: "[customer]",
  recipient: "[customer]",
  note: "[note]",
  notes: "[note]",
  noteattributes: "[note]",
  customernote: "[note]",
  clientdetails: "[redacted]",
  useragent: "[redacted]",
  ip: "[ip]",
  browserip: "[ip]",
  clientip: "[ip]",
  remoteip: "[ip]",
  xforwardedfor: "[ip]",
  zip: "[address]",
  zipcode: "[address]",
  city: "[address]",
  street: "[address]",
  destination: "[address]",
  latitude: "[address]",
  longitude: "[address]",
  dob: "[redacted]",
  ssn: "[redacted]",
  iban: "[redacted]",
  pan: "[card]",
  cc: "[card]",
  username: "[name]",
  login: "[name]",
  // Order and cart tokens open the order status page; not personal, but never a vendor's business.
  token: "[secret]",
  carttoken: "[secret]",
  checkouttoken: "[secret]",
  orderstatusurl: "[secret]",
};

// Checked in order, so "ipaddress" wins over "address" and "emailaddress" over both.
const CONTAINS: [string, string][] = [
  ["email", "[email]"],
  ["phone", "[phone]"],
  ["ipaddress", "[ip]"],
  ["address", "[address]"],
  ["postcode", "[address]"],
  ["postalcode", "[address]"],
  ["streetaddress", "[address]"],
  ["birth", "[redacted]"],
  ["cardnumber", "[card]"],
  ["creditcard", "[card]"],
  ["accountnumber", "[redacted]"],
  ["passport", "[redacted]"],
  ["nationalid", "[redacted]"],
];

// "<prefix>name" keys that always hold a person's name ("first_name", "billingName", ...);
// plain "name" depends on its neighbours (see classifyKey).
const PERSON_NAME = /^(first|last|full|given|family|middle|sur|nick|maiden|customer|billing|shipping|contact|recipient|buyer|user|display|account|card|holder|cardholder)name$/;

// Neighbour keys that mark an object as a person or an address, or as a line item.
const PERSON_HINTS = ["firstname", "lastname", "email", "phone", "address1", "address2", "zip", "city", "province", "company"];
const PRODUCT_HINTS = ["sku", "variantid", "productid", "price", "quantity", "vendor", "variant", "merchandise", "grams", "unitpriceminor", "title"];

const PRODUCT_KEYS = new Set(["title", "producttitle", "varianttitle", "vendor", "producttype", "handle", "productname", "variantname", "options", "option1", "option2", "option3"]);
const CODE_KEYS = new Set(["sku", "barcode", "upc", "ean", "gtin", "mpn"]);
const ID_KEY = /^(?:id|ids|gid|key)$|(?:_id|_ids|_gid|Id|Ids|ID|IDs|Gid)$/;

/** `siblings` are the normalized keys of the object that holds `key`. */
export function classifyKey(key: string, siblings: ReadonlySet<string>): KeyClass {
  const k = normalizeKey(key);
  const exact = EXACT[k];
  if (exact) return personal(exact);
  for (const [needle, token] of CONTAINS) if (k.includes(needle)) return personal(token);
  if (PERSON_NAME.test(k)) return personal("[name]");
  if (k === "name" || k === "company") {
    if (PERSON_HINTS.some((h) => siblings.has(h))) return personal(k === "name" ? "[name]" : "[redacted]");
    if (k === "name" && PRODUCT_HINTS.some((h) => siblings.has(h))) return { kind: "product" };
    return { kind: "free" };
  }
  if (PRODUCT_KEYS.has(k)) return { kind: "product" };
  if (CODE_KEYS.has(k)) return { kind: "code" };
  if (ID_KEY.test(key)) return { kind: "id" };
  return { kind: "free" };
}

/** Keys whose string values are a person's name, gathered so the same name is caught in free text. */
export function holdsPersonName(key: string, siblings: ReadonlySet<string>): boolean {
  const c = classifyKey(key, siblings);
  return c.kind === "personal" && c.token === "[name]";
}
