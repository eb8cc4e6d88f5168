// Vocabulary for the generated catalog and customer base. Plain data, no logic.

export type CategorySpec = {
  productType: string;
  skuPrefix: string;
  share: number; // of the catalog and, roughly, of demand
  nouns: readonly string[];
  price: readonly [number, number]; // typical range in shop currency
  axes: readonly ("size" | "shoe" | "color" | "volume")[];
};

export const CATEGORIES: readonly CategorySpec[] = [
  { productType: "Tops", skuPrefix: "TOP", share: 0.22, nouns: ["Tee", "Tank", "Henley", "Polo", "Long Sleeve Tee", "Sweatshirt"], price: [18, 55], axes: ["size", "color"] },
  { productType: "Bottoms", skuPrefix: "BOT", share: 0.14, nouns: ["Jeans", "Chinos", "Joggers", "Shorts", "Leggings"], price: [35, 110], axes: ["size", "color"] },
  { productType: "Outerwear", skuPrefix: "OUT", share: 0.1, nouns: ["Jacket", "Parka", "Windbreaker", "Fleece", "Vest"], price: [60, 240], axes: ["size", "color"] },
  { productType: "Footwear", skuPrefix: "FTW", share: 0.12, nouns: ["Sneaker", "Boot", "Sandal", "Loafer", "Runner"], price: [55, 180], axes: ["shoe", "color"] },
  { productType: "Accessories", skuPrefix: "ACC", share: 0.17, nouns: ["Beanie", "Cap", "Scarf", "Belt", "Tote", "Backpack", "Wallet", "Sunglasses"], price: [12, 90], axes: ["color"] },
  { productType: "Home", skuPrefix: "HOM", share: 0.13, nouns: ["Mug", "Candle", "Throw Blanket", "Pillow Cover", "Planter", "Towel Set"], price: [14, 85], axes: [] },
  { productType: "Beauty", skuPrefix: "BTY", share: 0.12, nouns: ["Lip Balm", "Face Serum", "Hand Cream", "Body Wash", "Shampoo Bar", "Sunscreen"], price: [8, 48], axes: ["volume"] },
];

export const ADJECTIVES = [
  "Classic", "Everyday", "Organic", "Heritage", "Alpine", "Coastal", "Urban", "Essential", "Recycled", "Merino",
  "Linen", "Canvas", "Vintage", "Trail", "Studio", "Weekend", "Cloud", "Summit", "Harbor", "Meadow",
] as const;

export const AXIS_VALUES = {
  size: ["XS", "S", "M", "L", "XL", "XXL"],
  shoe: ["6", "7", "8", "9", "10", "11", "12"],
  color: ["Black", "White", "Navy", "Olive", "Sand", "Rust", "Heather Grey", "Forest", "Burgundy", "Sky"],
  volume: ["50 ml", "100 ml", "250 ml"],
} as const;

export const AXIS_NAMES = { size: "Size", shoe: "Size", color: "Color", volume: "Size" } as const;

export const VENDORS = ["Northwind Supply", "Harbor & Pine", "Fieldstone", "Lumen Goods", "Kestrel Co.", "Tidewater"] as const;

export const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James", "Mia", "William",
  "Amelia", "Benjamin", "Harper", "Lucas", "Evelyn", "Henry", "Abigail", "Alexander", "Emily", "Mateo", "Ella",
  "Daniel", "Chloe", "Michael", "Grace", "Sebastian", "Zoe", "Jack", "Nora", "Owen", "Lily", "Samuel", "Hannah",
  "Leo", "Aria", "Ethan", "Layla", "David", "Priya", "Arjun", "Yuki", "Hiro", "Fatima", "Omar", "Ingrid", "Lars",
  "Chiara", "Marco", "Sofía", "Diego", "Aoife", "Finn", "Léa", "Hugo", "Mila", "Jonas", "Amara", "Kofi",
] as const;

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Lopez",
  "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
  "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Green", "Adams",
  "Baker", "Nelson", "Patel", "Kim", "Chen", "Tanaka", "Müller", "Schmidt", "Rossi", "Dubois", "Murphy", "Kelly",
  "O'Brien", "Larsen", "Johansson", "Silva", "Okafor", "Mensah", "Cohen", "Novak", "Kowalski", "Haddad",
] as const;

export const COUNTRIES: readonly (readonly [code: string, weight: number])[] = [
  ["US", 55], ["CA", 10], ["GB", 10], ["AU", 6], ["DE", 6], ["FR", 4], ["NL", 3], ["SE", 2], ["NZ", 2], ["IE", 2],
];

export const EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example"] as const;
