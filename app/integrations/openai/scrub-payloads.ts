import { FIRST_NAMES } from "./scrub-names";

// Test support for scrub.test.ts: seeded payloads that plant personal data at random depths, in
// structured fields, in free text and in keys, next to catalogue data that must come through.
// Each payload lists what was planted so the test can look for it in the scrubbed output.

export type Planted = {
  /** Strings that must not appear anywhere in the output. */
  exact: string[];
  /** Name words that must not appear as whole words (any case). */
  words: string[];
  /** Digit sequences of phones and cards that must not appear, separators ignored. */
  digits: string[];
  /** Postcodes made only of digits, which must not appear as a whole number. */
  numbers: string[];
};
export type Generated = { payload: Record<string, unknown>; planted: Planted; kept: (string | number)[]; personalCount: number };

type Rng = () => number;
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ["zor", "quil", "bax", "dru", "vex", "mok", "tiv", "yar", "gub", "kez", "lom", "rix", "nav", "wex", "thu", "pov"];
const LAST_NAMES = ["Okafor", "García", "Müller", "O'Brien", "Nguyễn", "Kowalski", "van der Berg", "Smith", "Papadopoulos", "Haddad", "Tanaka", "Ivanova", "da Silva", "McAllister", "Løvås"];
const UNSPACED_NAMES = ["王伟", "佐藤花子", "김민준"];
const ADJ = ["Merino", "Classic", "Organic", "Vintage", "Ceramic", "Bamboo", "Linen", "Cast-Iron", "Waxed", "Recycled"];
const ITEM = ["Beanie", "Pour-Over Set", "Tote Bag", "Skillet", "Desk Lamp", "Yoga Mat", "Travel Mug", "Throw Blanket", "Backpack", "Candle"];
const SIZE = ["", " 12 oz", " Size 10", " 3-Pack", " (2 Year)", " 500 ml", " for Models 2019-2024", " XL"];
const STREETS = ["Elm", "Baker", "Maple", "Oakwood", "Sussex", "Pennsylvania", "Church", "Station", "Mill"];
const SUFFIXES = ["Street", "St.", "Avenue", "Ave", "Road", "Rd", "Lane", "Boulevard", "Drive", "Way", "Place", "Court", "Close", "Crescent"];
const NEST = ["data", "meta", "context", "events", "payload", "extra", "history", "attributes", "details", "[]"];
const FREE_KEYS = ["gift_message", "message", "comment", "instructions", "description", "remarks", "text"];

export function generatePayload(seed: number): Generated {
  const r = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join("");
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  const synthetic = () => cap(pick(SYLLABLES) + pick(SYLLABLES) + pick(SYLLABLES));
  const token = () => Array.from({ length: 5 }, () => String.fromCharCode(97 + int(0, 25))).join("") + digits(3);

  const planted: Planted = { exact: [], words: [], digits: [], numbers: [] };
  const kept: (string | number)[] = [];
  const placements: unknown[] = [];
  const nameWords = (name: string) => planted.words.push(...name.split(/\s+/).filter((w) => w.length >= 3 && w[0] === w[0]!.toUpperCase()));

  const email = () => {
    const a = token();
    const b = token();
    const local = pick([a, `${a}.${b}`, `${a}+${b}`, `${a}_${b}`, a.toUpperCase(), `o'${a}`, `"${a} ${b}"`, `${a}-${b}99`]);
    const domain = pick(["example.com", `mail.${b}.co.uk`, `${b}-shop.io`, `${b}.museum`, "bücher.de", "[192.168.1.20]", `${b}.example.org`]);
    const e = `${local}@${domain}`;
    planted.exact.push(e, a);
    return e;
  };
  const phone = () => {
    const d = () => digits(1);
    const formats = [
      () => `+1 (${digits(3)}) ${digits(3)}-${digits(4)}`,
      () => `+44 20 ${digits(4)} ${digits(4)}`,
      () => `0049-30-${digits(6)}`,
      () => `(${digits(3)}) ${digits(3)}-${digits(4)}`,
      () => `${digits(3)}.${digits(3)}.${digits(4)}`,
      () => `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
      () => `+81 3-${digits(4)}-${digits(4)}`,
      () => `+91 ${digits(5)} ${digits(5)}`,
      () => `+61 4${d()}${d()} ${digits(3)} ${digits(3)}`,
      () => `+55 11 9${digits(4)}-${digits(4)}`,
      () => `00 44 20 ${digits(4)} ${digits(4)}`,
      () => `+1-${digits(3)}-${digits(3)}-${digits(4)} ext. ${digits(2)}`,
      () => `${int(2, 9)}${digits(9)}`,
    ];
    const p = pick(formats)();
    const main = p.split(" ext.")[0]!.replace(/\D/g, "");
    planted.exact.push(p);
    planted.digits.push(main, main.slice(-7));
    return p;
  };
  const card = () => {
    const c = pick([
      () => `4${digits(3)} ${digits(4)} ${digits(4)} ${digits(4)}`,
      () => `5${digits(3)}-${digits(4)}-${digits(4)}-${digits(4)}`,
      () => `3${digits(3)} ${digits(6)} ${digits(5)}`,
      () => `6${digits(12)}`,
      () => `4${digits(18)}`,
      () => `${int(1, 9)}${digits(3)} - ${digits(4)} - ${digits(4)} - ${digits(4)}`,
    ])();
    const all = c.replace(/\D/g, "");
    planted.exact.push(c);
    planted.digits.push(all, all.slice(-8));
    return c;
  };
  const street = () => {
    const s = `${int(1, 9999)}${pick(["", "B", "a"])} ${pick(STREETS)} ${pick(SUFFIXES)}`;
    planted.exact.push(s);
    return s;
  };
  const freeAddress = () => {
    const zip5 = String(int(10000, 99999));
    const kind = int(0, 5);
    if (kind === 0) return `${street()}, Springfield, IL ${(planted.numbers.push(zip5), zip5)}`;
    if (kind === 1) {
      const pc = `${pick(["NW", "SW", "E", "W", "EC"])}${int(1, 9)} ${int(1, 9)}${pick(["XE", "AA", "QT", "JD"])}`;
      planted.exact.push(pc);
      return `${street()}, London ${pc}`;
    }
    if (kind === 2) {
      const pc = `K${int(1, 9)}M ${int(1, 9)}M${int(1, 9)}`;
      planted.exact.push(pc);
      return `${street()}, Ottawa, ON ${pc}`;
    }
    const n = int(1, 200);
    const line = [`${pick(STREETS)}straße ${n}`, `${n} rue de ${pick(STREETS)}`, `Calle ${pick(STREETS)} ${n}`][kind - 3]!;
    planted.exact.push(line);
    planted.numbers.push(zip5);
    return `${line}, ${zip5} ${pick(["Berlin", "Paris", "Madrid"])}`;
  };
  const ipAddress = () => {
    const ip = pick([
      () => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
      () => `2001:db8:${int(1, 0xffff).toString(16)}:${int(1, 0xffff).toString(16)}::${int(1, 0xffff).toString(16)}`,
      () => Array.from({ length: 8 }, () => int(1, 0xffff).toString(16)).join(":"),
    ])();
    planted.exact.push(ip);
    return ip;
  };
  const addressObject = (first: string, last: string) => {
    const zip = String(int(10000, 99999));
    const city = `${synthetic()}ville`;
    planted.exact.push(city);
    planted.numbers.push(zip);
    nameWords(`${first} ${last}`);
    return { first_name: first, last_name: last, name: `${first} ${last}`, address1: street(), address2: `Suite ${int(100, 999)}`, city, zip, province: "Ontario", country: "Canada", phone: phone(), company: `${synthetic()} Ltd` };
  };

  const fragments: (() => void)[] = [
    () => placements.push({ [pick(["email", "contact_email", "customerEmail", "email_address"])]: email() }),
    () => placements.push({ [pick(["phone", "phone_number", "mobilePhone"])]: phone() }),
    () => placements.push({ [pick(["billing_address", "shipping_address", "default_address", "delivery"])]: addressObject(synthetic(), pick(LAST_NAMES)) }),
    () => {
      const first = pick([synthetic(), pick(FIRST_NAMES), pick(UNSPACED_NAMES)]);
      if (UNSPACED_NAMES.includes(first)) planted.exact.push(first);
      const last = synthetic();
      nameWords(`${first} ${last}`);
      placements.push({ customer: { id: int(1, 1e9), email: email(), first_name: first, last_name: last, phone: phone(), orders_count: int(0, 30), state: "enabled", default_address: addressObject(first, last) } });
    },
    () => placements.push({ [pick(FREE_KEYS)]: `${pick(["Call me on", "My number:", "tel", "WhatsApp"])} ${phone()} ${pick(["after 6pm", "please", ""])}` }),
    () => placements.push({ [pick(FREE_KEYS)]: `${pick(["Write to", "Email me at", "contact:"])} ${email()}, thanks` }),
    () => placements.push({ [pick(FREE_KEYS)]: `${pick(["Pay with card", "Card no.", "cc:"])} ${card()} exp 12/2${int(6, 9)}` }),
    () => placements.push({ [pick(FREE_KEYS)]: `${pick(["Please deliver to", "Address:", "Send it to"])} ${freeAddress()}` }),
    () => placements.push({ [pick(["ip", "browser_ip", "client_ip"])]: ipAddress() }, { [pick(FREE_KEYS)]: `request from ${ipAddress()} at 19:00:00` }),
    () => {
      const first = synthetic();
      const last = synthetic();
      const said = pick([
        () => (nameWords(`${first} ${last}`), `Dear ${first} ${last}, enjoy!`),
        () => (nameWords(first), `Regards, ${first}`),
        () => (planted.words.push(first, last), `my name is ${first.toLowerCase()} ${last.toLowerCase()} and I ordered twice`),
        () => (nameWords(last), `${pick(["Mr.", "Mrs", "Dr", "Ms."])} ${last} will collect it`),
        () => (nameWords(`${first} ${last}`), `Ship to ${first} ${last} at the back door`),
      ])();
      placements.push({ [pick(FREE_KEYS)]: said });
    },
    () => {
      const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
      nameWords(name);
      placements.push({ [pick(FREE_KEYS)]: `Please make sure ${name} gets this, it is a surprise` });
    },
    () => {
      // A name known from a structured field, then typed in lower case in a message elsewhere.
      const first = synthetic();
      nameWords(first);
      placements.push({ billing_address: { first_name: first, last_name: pick(LAST_NAMES) } }, { properties: [{ name: "Engraving", value: `love you ${first.toLowerCase()}` }] });
    },
    () => placements.push({ [email()]: { orders: int(1, 9) } }, { [phone()]: "mobile" }),
    () => placements.push({ note: `${street()} - leave with neighbour` }, { browser_ip: ipAddress() }),
  ];

  const lineItem = () => {
    const title = `${pick(ADJ)} ${pick(ITEM)}${pick(SIZE)}`;
    const sku = pick([`${pick(["TSH", "MUG", "BAG"])}-${pick(["RED", "BLU", "OAK"])}-${digits(3)}`, `SKU-${digits(4)}-${digits(3)}`, digits(8)]);
    const price = `${int(1, 99)}.${digits(2)}`;
    const item = {
      title,
      name: `${title} - ${pick(["Small", "Large", "Default Title"])}`,
      sku,
      price,
      price_minor: int(100, 9999),
      quantity: int(1, 20),
      variant_id: `gid://shopify/ProductVariant/${int(1, 9)}${digits(13)}`,
      created_at: `2024-0${int(1, 9)}-1${int(0, 9)}T10:00:00Z`,
    };
    kept.push(...Object.values(item));
    return item;
  };

  const personalCount = int(1, 6);
  for (let i = 0; i < personalCount; i++) pick(fragments)();
  const items = Array.from({ length: int(1, 4) }, lineItem);
  const totals = `Total ${int(1, 99)}.${digits(2)} for ${int(2, 9)} items`;
  kept.push(totals);

  const payload: Record<string, unknown> = { name: `#${int(1000, 9999)}`, line_items: items, summary: totals };
  kept.push(payload.name as string);
  placements.forEach((fragment, i) => place(payload, Array.from({ length: int(0, 6) }, () => pick(NEST)), `f${i}`, fragment));
  return { payload, planted, kept, personalCount };
}

// Nests `value` under a chain of objects and arrays ("[]"), creating them as needed.
function place(root: Record<string, unknown>, path: string[], key: string, value: unknown): void {
  let here: Record<string, unknown> = root;
  for (const step of path) {
    if (step === "[]") {
      const list = (here.list as Record<string, unknown>[] | undefined) ?? [];
      here.list = list;
      const next: Record<string, unknown> = {};
      list.push(next);
      here = next;
    } else {
      const next = (here[step] as Record<string, unknown> | undefined) ?? {};
      if (typeof next !== "object" || Array.isArray(next)) return place(root, [], key, value);
      here[step] = next;
      here = next;
    }
  }
  here[key] = value;
}
