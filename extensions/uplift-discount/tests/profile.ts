// Sub-step profile of the lines target, for bench/functions.ts (`--profile`): bundled on its own and
// run in the instrumented QuickJS, it performs the steps cartLinesDiscountsGenerateRun performs, in
// the same order on the same input, and calls `mark(step)` after each, so the bench can attribute the
// Wasm instruction estimate to each step. Not a test and not shipped: keep it in step with src/.
import { cartCurrency, isEligible, percentHundredths, pricing, toLines } from "../src/caps";
import { parseConfig } from "../src/config";
import { constantTimeEqual, hmacSha256Hex } from "../src/hmac";
import { metafieldJson, type CartLinesInput } from "../src/input";
import { parseDecimal } from "../src/rational";
import { sha256Hex } from "../src/sha256";
import { canonicalForm, isTargetBitmap, parseToken, signingString, targetLines } from "../src/token";
import { cartLinesDiscountsGenerateRun } from "../src/cart_lines_discounts_generate_run";

export type Mark = (step: string) => void;

/** The steps of a percentage offer on the lines target, each followed by `mark`. */
export function profileLinesTarget(input: CartLinesInput, mark: Mark): void {
  mark("(mark overhead)");
  const offer = metafieldJson(input.cart.metafield);
  const token = parseToken(offer);
  mark("parseToken");
  const config = parseConfig(metafieldJson(input.discount.metafield));
  mark("parseConfig");
  if (!token || !config) throw new Error("the profile needs a valid token and config");
  const secret = config.keys.get(token.kid)!;
  const signing = signingString(token);
  mark("signingString");
  const sig = hmacSha256Hex(secret, signing);
  if (sig === null || !constantTimeEqual(sig, token.sig)) throw new Error("the profile needs a valid signature");
  mark(`hmac (${signing.length} bytes)`);
  const cart = canonicalForm(input.cart.lines);
  if (!cart) throw new Error("no canonical cart");
  mark(`canonicalForm incl. digest (${cart.text.length} bytes)`);
  sha256Hex(cart.text);
  mark("  of which sha256 of the canonical cart (again)");
  if (!constantTimeEqual(token.cart, cart.digest) || !isTargetBitmap(token.targets, cart.entries.length)) throw new Error("not this cart");
  const targets = targetLines(token.targets, cart);
  mark("cart binding + targetLines");
  const currency = cartCurrency(input.cart.lines)!;
  const p = pricing(config.caps, input.presentmentCurrencyRate, currency)!;
  mark("cartCurrency + pricing");
  const lines = toLines(input.cart.lines);
  mark("toLines");
  const hundredthsOf = percentHundredths(parseDecimal(token.value)!, p);
  let sum = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (targets[i] && isEligible(line, p.caps)) sum += hundredthsOf(line);
  }
  mark("caps per line (isEligible + percentHundredths)");
  const result = cartLinesDiscountsGenerateRun(input);
  mark("whole run (second time, warm)");
  JSON.stringify(result);
  mark("JSON.stringify of the result");
  sha256Hex("x".repeat(55));
  mark("sha256: 1 block");
  sha256Hex("x".repeat(55 + 64 * 4));
  mark("sha256: 5 blocks");
  if (sum < 0) throw new Error("unreachable");
}

/** Per export of the Function (bench/functions.ts looks them up by export name). */
export const profiles: Record<string, (input: never, mark: Mark) => void> = {
  "cart-lines-discounts-generate-run": profileLinesTarget,
};
