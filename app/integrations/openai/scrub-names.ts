// Names in free text. Nothing finds every name; this finds names the way they show up in notes,
// gift messages and line-item properties: the names the payload itself holds elsewhere, names after
// a title or a greeting ("Mr Okafor", "Regards, Ana"), and common first names. Names that are also
// ordinary words (Rose, Grace, May, Will, ...) are left off the list to spare product text.

export const FIRST_NAMES: readonly string[] = [
  "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles",
  "Christopher", "Daniel", "Matthew", "Anthony", "Donald", "Steven", "Paul", "Andrew", "Joshua", "Kenneth",
  "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward", "Jason", "Jeffrey", "Ryan", "Jacob",
  "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott", "Brandon", "Benjamin",
  "Samuel", "Gregory", "Alexander", "Patrick", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Jose",
  "José", "Henry", "Adam", "Douglas", "Nathan", "Peter", "Zachary", "Kyle", "Noah", "Ethan",
  "Jeremy", "Walter", "Christian", "Keith", "Roger", "Terry", "Sean", "Austin", "Arthur", "Lawrence",
  "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
  "Lisa", "Nancy", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle",
  "Carol", "Amanda", "Dorothy", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia",
  "Kathleen", "Amy", "Angela", "Shirley", "Anna", "Brenda", "Pamela", "Emma", "Nicole", "Helen",
  "Samantha", "Katherine", "Christine", "Debra", "Rachel", "Carolyn", "Janet", "Catherine", "Maria", "Heather",
  "Diane", "Julie", "Joyce", "Victoria", "Kelly", "Christina", "Lauren", "Joan", "Evelyn", "Olivia",
  "Judith", "Megan", "Cheryl", "Andrea", "Hannah", "Jacqueline", "Martha", "Gloria", "Teresa", "Sophia",
  "Isabella", "Mia", "Charlotte", "Amelia", "Harper", "Aria", "Chloe", "Zoe", "Zoë", "Lucas",
  "Liam", "Oliver", "Elijah", "Mateo", "Santiago", "Sebastián", "Sofía", "Valentina", "Camila", "Lucía",
  "Javier", "Alejandro", "Carlos", "Diego", "Miguel", "Juan", "Luis", "Pedro", "Francisco", "Ana",
  "Carmen", "Isabel", "Elena", "Pablo", "Marco", "Luca", "Giulia", "Francesca", "Giovanni", "Matteo",
  "Chiara", "Alessandro", "Lukas", "Leon", "Finn", "Jonas", "Lena", "Hanna", "Sophie", "Marie",
  "Klaus", "Jürgen", "Günter", "Ursula", "Pierre", "Jean", "Camille", "Léa", "Manon", "Louis",
  "Chloé", "Amélie", "François", "Hélène", "Łukasz", "Agnieszka", "Katarzyna", "Piotr", "Tomasz", "Magdalena",
  "Øyvind", "Ingrid", "Astrid", "Lars", "Sven", "Björn", "Freya", "Priya", "Aarav", "Arjun",
  "Ananya", "Rohan", "Vikram", "Deepika", "Rahul", "Sanjay", "Aisha", "Fatima", "Mohammed", "Muhammad",
  "Omar", "Ahmed", "Yusuf", "Layla", "Zainab", "Hassan", "Chidi", "Ngozi", "Oluwaseun", "Kwame",
  "Amara", "Thabo", "Wei", "Mei", "Hiroshi", "Yuki", "Haruto", "Sakura", "Minjun", "Jiwoo",
  "Nguyen", "Linh", "Thanh", "Siobhan", "Aoife", "Niamh", "Ciaran", "Dmitri", "Olga", "Natasha",
];

const UPPER_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’-]*`;
const ANY_WORD = String.raw`[\p{L}\p{M}][\p{L}\p{M}'’-]*`;
// Lower-case particles inside names: "Ludwig van Beethoven", "Maria da Silva".
const PARTICLES = "van|von|de|der|den|da|del|della|di|du|le|la|bin|ibn|al|el|dos|das";
const PARTICLE = String.raw`(?:${PARTICLES})\s+`;
const PARTICLE_WORD = new RegExp(`^(?:${PARTICLES})$`, "i");
const NEXT_WORD = String.raw`(?:\s+(?:${PARTICLE})*(?:${UPPER_WORD}|\p{Lu}\.))`;
const NO_LETTER_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const NO_LETTER_AFTER = String.raw`(?![\p{L}\p{N}])`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const TITLES = "Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Herr|Frau|Mme|Mlle|Sr|Sra|Srta";
const HONORIFIC = new RegExp(String.raw`${NO_LETTER_BEFORE}((?:${TITLES})\.?\s+)(${UPPER_WORD}${NEXT_WORD}{0,2})`, "gu");
// After "my name is" a name may be typed in lower case; after a greeting it is capitalised.
const STOP = String.raw`(?!(?:and|or|but|i|please|thanks|from|the|with|to|at|in|on|my)${NO_LETTER_AFTER})`;
const NAME_IS = new RegExp(
  String.raw`${NO_LETTER_BEFORE}((?:my name is|name is|name\s*:|names?\s*-)\s*)(${STOP}${ANY_WORD}(?:\s+${STOP}${ANY_WORD}){0,2})`,
  "giu",
);
const GREETING = new RegExp(
  String.raw`${NO_LETTER_BEFORE}((?:[Dd]ear|[Hh]i|[Hh]ello|[Hh]ey|[Tt]hanks|[Tt]hank you|[Rr]egards|[Bb]est|[Cc]heers|[Ll]ove|[Ss]incerely|[Ss]igned|[Aa]ttn\.?|[Aa]ttention|[Cc]\/[Oo]|[Cc]are of|[Ss]hip to|[Dd]eliver to|[Bb]ill to|[Rr]ecipient|[Ff]rom|[Tt]o|[Ff]or|I am|I'm|[Tt]his is)[,:]?\s+)(?!(?:${TITLES})\.?\s)(${UPPER_WORD}${NEXT_WORD}{0,2})`,
  "gu",
);
const HAS_UPPER = /\p{Lu}/u;
const LISTED = new RegExp(
  String.raw`${NO_LETTER_BEFORE}(?=\p{Lu})(?:${[...FIRST_NAMES].sort((a, b) => b.length - a.length).map(escape).join("|")})${NEXT_WORD}{0,2}${NO_LETTER_AFTER}`,
  "gu",
);

const AFTER_NAME = new RegExp(String.raw`\[name\]${NEXT_WORD}{1,2}${NO_LETTER_AFTER}`, "gu");

// Scripts written without spaces: word boundaries mean nothing there, so match the name anywhere.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

// Case-insensitive by hand, to keep the per-payload pattern cheap to compile (see below).
function anyCase(word: string): string {
  return [...word]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      if (lower === upper) return escape(ch);
      return lower.length === 1 && upper.length === 1 ? `[${lower}${upper}]` : `(?:${escape(lower)}|${escape(upper)}|${escape(ch)})`;
    })
    .join("");
}

/** A matcher for the names a payload holds in its structured fields. */
export function knownNamesPattern(names: Iterable<string>): RegExp | null {
  const words = new Set<string>();
  for (const name of names) {
    for (const word of name.split(/[\s,]+/)) {
      if ([...word].length >= 2 && !word.startsWith("[") && !PARTICLE_WORD.test(word)) words.add(word);
    }
  }
  if (words.size === 0) return null;
  // Longest first, so "Anabel" wins over "Ana". Word boundaries are checked in isWholeWord below:
  // unicode classes inside a pattern cost V8 about a millisecond to compile, per payload.
  const sorted = [...words].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map((w) => (UNSPACED.test(w) ? escape(w) : anyCase(w))).join("|"), "gu");
}

const LETTER_AT_END = /[\p{L}\p{N}]$/u;
const LETTER_AT_START = /^[\p{L}\p{N}]/u;

function isWholeWord(match: string, offset: number, text: string): boolean {
  if (UNSPACED.test(match)) return true;
  const end = offset + match.length;
  return !LETTER_AT_END.test(text.slice(Math.max(0, offset - 2), offset)) && !LETTER_AT_START.test(text.slice(end, end + 2));
}

/** Replaces names in free text with "[name]"; returns the new text and how many were replaced. */
export function scrubNames(text: string, known: RegExp | null): { text: string; count: number } {
  let count = 0;
  const name = () => (count++, "[name]");
  const keepPrefix = (_m: string, prefix: string) => (count++, `${prefix}[name]`);
  let out = text;
  if (/name/i.test(out)) out = out.replace(NAME_IS, keepPrefix);
  if (HAS_UPPER.test(out)) out = out.replace(HONORIFIC, keepPrefix).replace(GREETING, keepPrefix).replace(LISTED, name);
  // Known names last, then the capitalised words right after one: "Margaret" is known from the
  // customer record, so "Margaret Papadopoulos" goes whole.
  if (known) {
    out = out.replace(known, (m: string, offset: number, whole: string) => (isWholeWord(m, offset, whole) ? name() : m));
    out = out.replace(AFTER_NAME, "[name]");
  }
  return { text: out, count };
}
