import { scrubNames } from "./scrub-names";

// Personal data inside a string. Stages run in a fixed order (emails before anything that reads
// digits, cards before phones) and each leaves a bracketed token that later stages cannot match.

/** Which stages apply: see KeyClass in scrub-keys.ts. "key" is an object key. */
export type TextMode = "free" | "product" | "code" | "id" | "key";

const EMAIL =
  /(?:"[^"\r\n]{1,64}"|[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*)@(?:\[[0-9A-Fa-f:.]+\]|(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,}|localhost)/gu;
// "jane at example dot com", "jane(at)example(dot)com". A literal "." counts only without spaces
// around it, so "meet at home. Great" stays as it is.
const DOT = String.raw`(?:\.|\s*(?:\(dot\)|\[dot\]|\{dot\})\s*|\s+dot\s+)`;
const LABEL = String.raw`[\p{L}\p{N}-]+`;
const EMAIL_SPELLED = new RegExp(
  String.raw`[\p{L}\p{N}._%+-]+(?:\s*(?:\(at\)|\[at\]|\{at\})\s*|\s+at\s+)${LABEL}(?:${DOT}${LABEL})*${DOT}\p{L}{2,6}(?![\p{L}\p{N}])`,
  "giu",
);
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\.?\d)/g;
const IPV6_CANDIDATE = /(?<![\p{L}\p{N}:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[\w.]+)?(?![\p{L}\p{N}:])/gu;
// 13 to 19 digits with spaces or dashes between, Luhn-valid or not: a typo'd card is still a card.
const CARD = /(?<![0-9])(?:[0-9][ \-\u00a0]{0,3}){12,18}[0-9](?![0-9])/g;
// A run of digit groups. A run glued to letters ("SKU-12345678", "Product/123") is a code, not a phone.
const SEP = String.raw`[ \-./\u00a0]`;
const PHONE_CANDIDATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_][-_/]?)\+?\s?(?:\(\s*\d{1,5}\s*\)\s?)?\d{1,15}` +
    String.raw`(?:${SEP}{0,3}\(\s*\d{1,5}\s*\)|(?:${SEP}{1,3}|(?<=\)))\d{1,15}){0,7}` +
    String.raw`(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?(?![\p{L}\p{N}])`,
  "giu",
);
// Digit runs that look like phones but are not: decimals and prices, dates, year ranges.
const NOT_PHONE = [
  /^\d+[.,]\d+$/,
  /^\d+\.\d{1,2}(?:\s+\d+\.\d{1,2})+$/,
  /^(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/,
  /^(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)\d{2}$/,
  /^(?:0?[1-9]|1[0-2])[./-](?:0?[1-9]|[12]\d|3[01])[./-](?:19|20)\d{2}$/,
  /^(?:19|20)\d{2}\s*[-/]\s*(?:19|20)\d{2}$/,
];

const STREET_ANY_CASE = String.raw`street|st|avenue|ave|road|rd|lane|ln|boulevard|blvd|drive|dr|parkway|pkwy|highway|hwy`;
const STREET_CAPITALISED = String.raw`Way|Place|Pl|Court|Ct|Close|Crescent|Cres|Square|Sq|Terrace|Ter|Circle|Cir|Trail|Row|Mews|Grove|Gardens|Hill|Walk`;
const HOUSE = String.raw`(?<![\p{L}\p{N}])\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?,?\s+`;
const ADDRESS = [
  // "123 Elm Street", "1600 Pennsylvania Ave NW", "221B Baker Street"
  new RegExp(String.raw`${HOUSE}(?:[\p{L}'’.-]+\s+){0,3}?(?:${STREET_ANY_CASE})(?![\p{L}\p{N}])\.?`, "giu"),
  new RegExp(String.raw`${HOUSE}(?:\p{Lu}[\p{L}'’.-]*\s+){1,3}?(?:${STREET_CAPITALISED})(?![\p{L}\p{N}])`, "gu"),
  // "10 rue de Rivoli", "5 bis avenue Foch"
  new RegExp(String.raw`${HOUSE}(?:(?:bis|ter)\s+)?(?:rue|avenue|boulevard|bd|chemin|place|allée|allee|impasse|quai|route|cours)\s+(?:(?:de|du|des|la|le|l'|d')\s*)*[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]*){0,3}`, "giu"),
  // "Calle Mayor 12", "Via Roma 5", "Rua Augusta 274"
  /(?<![\p{L}\p{N}])(?:Calle|C\/|Avenida|Avda\.?|Via|Viale|Corso|Piazza|Plaza|Paseo|Rua|Carrer|Rambla)\s+(?:[\p{L}'’.-]+\s+){0,4}?\d{1,5}[a-z]?(?![\p{L}\p{N}])/gu,
  // "Hauptstraße 5", "Kalverstraat 12", "Bahnhofstr. 3a"
  /(?<![\p{L}\p{N}])[\p{L}-]{2,}(?:straße|strasse|str\.|gasse|weg|allee|platz|damm|ufer|straat|laan|plein|gracht)\s+\d{1,4}\s?[a-z]?(?![\p{L}\p{N}])/giu,
  /(?<![\p{L}\p{N}])(?:apt|apartment|suite|ste|unit|flat)\.?\s*#?\s*\d{1,5}[A-Za-z]?(?![\p{L}\p{N}])/giu,
  /(?<![\p{L}\p{N}])P\.?\s?O\.?\s*Box\s+\d+/giu,
  // Postcodes: UK, Canada, US state + ZIP, "75001 Paris" / "10115 Berlin", Japan.
  /(?<![\p{L}\p{N}])[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])[A-Z]\d[A-Z]\s?\d[A-Z]\d(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])[A-Z]{2},?\s+\d{5}(?:-\d{4})?(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])\d{5}\s+\p{Lu}[\p{L}-]+/gu,
  /〒\s?\d{3}-?\d{4}/gu,
];
// Shopify gids carry long ids ("gid://shopify/ProductVariant/44012345678901") that are not cards.
const GID = /gid:\/\/[\w-]+\/[\w-]+\/[\w-]+(?:\?[\w=&-]*)?/g;

function isIPv6(candidate: string): boolean {
  const address = candidate.split("%")[0] ?? "";
  const doubles = address.split("::").length - 1;
  if (doubles > 1) return false;
  const groups = address.split(":");
  if (doubles === 0 && groups.length !== 8) return false;
  if (doubles === 1 && groups.length < 3) return false;
  return groups.every((g) => /^[0-9A-Fa-f]{0,4}$/.test(g)) && groups.filter(Boolean).length >= 1;
}

const digitCount = (s: string) => s.replace(/\D/g, "").length;

function phoneToken(match: string): string | null {
  const trimmed = match.trim();
  if (NOT_PHONE.some((re) => re.test(trimmed))) return null;
  const digits = digitCount(trimmed);
  if (digits >= 7 && digits <= 15) return "[phone]";
  if (digits > 15 && digits <= 19) return "[card]";
  return null;
}

type Counter = { count: number };

function replace(text: string, re: RegExp, token: (m: string) => string | null, counter: Counter): string {
  return text.replace(re, (m) => {
    const t = token(m);
    if (t === null) return m;
    counter.count++;
    // Keep the whitespace a phone candidate swallowed at its edges, so words stay apart.
    const lead = /^\s*/.exec(m)?.[0] ?? "";
    const trail = /\s*$/.exec(m)?.[0] ?? "";
    return `${lead}${t}${trail}`;
  });
}

// Cheap tests first: most strings are prices, dates and titles that no stage would change.
const HAS_DIGIT = /\d/;
const HAS_AT = /@|at/i;

function scrubSegment(text: string, mode: TextMode, known: RegExp | null, counter: Counter): string {
  let out = text;
  if (HAS_AT.test(out)) {
    out = replace(out, EMAIL, () => "[email]", counter);
    out = replace(out, EMAIL_SPELLED, () => "[email]", counter);
  }
  const digits = HAS_DIGIT.test(out);
  if (digits && out.includes(".")) out = replace(out, IPV4, () => "[ip]", counter);
  if (out.includes(":")) out = replace(out, IPV6_CANDIDATE, (m) => (isIPv6(m) ? "[ip]" : null), counter);
  if (mode === "id") return out;
  if (digits) out = replace(out, CARD, () => "[card]", counter);
  if (mode === "code") return out;
  if (digits) out = replace(out, PHONE_CANDIDATE, phoneToken, counter);
  if (mode !== "free") return out;
  if (digits) for (const re of ADDRESS) out = replace(out, re, () => "[address]", counter);
  const names = scrubNames(out, known);
  counter.count += names.count;
  return names.text;
}

/** Scrubs one string. `known` matches names the payload holds elsewhere (knownNamesPattern). */
export function scrubText(text: string, mode: TextMode, known: RegExp | null): { text: string; count: number } {
  const counter = { count: 0 };
  let out = "";
  let last = 0;
  for (const gid of text.matchAll(GID)) {
    out += scrubSegment(text.slice(last, gid.index), mode, known, counter) + gid[0];
    last = gid.index + gid[0].length;
  }
  out += scrubSegment(text.slice(last), mode, known, counter);
  return { text: out, count: counter.count };
}
