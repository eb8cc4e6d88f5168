// Sub-step profile of the lines target, for bench/functions.ts: bundled on its own and run in the
// instrumented QuickJS, it performs the steps cartLinesDiscountsGenerateRun performs, in the same
// order on the same input, and calls `mark(step)` after each, so the bench can attribute the Wasm
// instruction estimate to each step (`node --import tsx bench/functions.ts --profile-only`). Not a
// test and not shipped: keep it in step with src/.
import { cartCurrency, percentCap, percentHundredths, pricing } from "../src/caps";
import { percentageResult } from "../src/cart_lines_discounts_generate_run";
import { parseConfig } from "../src/config";
import { hexEqualsWords, hmacSha256HexKey } from "../src/hmac";
import { metafieldJson, type CartLinesInput } from "../src/input";
import { parseDecimal } from "../src/rational";
import { digestWords, messageWords, sha256Hex } from "../src/sha256";
import { canonicalForm, isTargetBitmap, parseToken, signingString, targetMask } from "../src/token";
import { cartLinesDiscountsGenerateRun } from "../src/cart_lines_discounts_generate_run";

export type Mark = (step: string) => void;

/** The steps of a percentage offer on the lines target, each followed by `mark`. */
export function profileLinesTarget(input: CartLinesInput, mark: Mark): void {
  mark("(mark overhead)");
  const token = parseToken(metafieldJson(input.cart.metafield));
  mark("parseToken");
  const config = parseConfig(metafieldJson(input.discount.metafield));
  mark("parseConfig");
  if (!token || !config) throw new Error("the profile needs a valid token and config");
  const secret = config.keys.get(token.kid)!;
  const signing = signingString(token);
  mark("signingString");
  const mac = hmacSha256HexKey(secret, signing);
  if (mac === null || !hexEqualsWords(token.sig, mac)) throw new Error("the profile needs a valid signature");
  mark(`HMAC (${signing.length} bytes: ${((64 + signing.length + 72) >> 6) + 2} blocks) and its check`);
  const cart = canonicalForm(input.cart.lines);
  if (!cart) throw new Error("no canonical cart");
  mark(`canonicalForm, digest included (${cart.text.length} bytes: ${(cart.text.length + 72) >> 6} blocks)`);
  digestWords(messageWords(null, cart.text));
  mark("  of which: SHA-256 of the canonical cart (again)");
  messageWords(null, cart.text);
  mark("  of which: its text read into words (again)");
  if (!hexEqualsWords(token.cart, cart.digestWords) || !isTargetBitmap(token.targets, cart.entries.length)) throw new Error("not this cart");
  const targets = targetMask(token.targets, cart);
  mark("cart binding, bitmap and targetMask");
  const currency = cartCurrency(input.cart.lines)!;
  const p = pricing(config.caps, input.presentmentCurrencyRate, currency)!;
  const capped = percentCap(parseDecimal(token.value)!, p);
  mark("cartCurrency, pricing and percentCap");
  const hundredths = percentHundredths(input.cart.lines, targets, capped, p);
  mark("caps per line (percentHundredths)");
  const result = percentageResult(input.cart.lines, hundredths);
  mark("output: size check and candidates");
  cartLinesDiscountsGenerateRun(input);
  mark("the whole run (again, warm)");
  JSON.stringify(result);
  mark("JSON.stringify of the result (writeOutput's share)");
  sha256Hex("x".repeat(55));
  mark("sha256Hex: 1 block");
  sha256Hex("x".repeat(55 + 64 * 4));
  mark("sha256Hex: 5 blocks");
}

/** Per export of the Function (bench/functions.ts looks them up by export name). */
export const profiles: Record<string, (input: never, mark: Mark) => void> = {
  "cart-lines-discounts-generate-run": profileLinesTarget,
};
