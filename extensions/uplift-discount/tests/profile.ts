// Sub-step profile of the lines target, for bench/functions.ts: bundled on its own and run in the
// instrumented QuickJS, it performs the steps cartLinesDiscountsGenerateRun performs for a v2
// percentage offer, in the same order on the same input, and calls `mark(step)` after each, so the
// bench can attribute the Wasm instruction estimate to each step
// (`node --import tsx bench/functions.ts --profile-only`). Not a test and not shipped: keep it in
// step with src/.
import { lineBinding } from "../src/binding";
import { percentCap, percentHundredths, pricing } from "../src/caps";
import { canonicalEntries, canonicalForm } from "../src/canonical";
import { percentageResult } from "../src/cart_lines_discounts_generate_run";
import { cartLinesDiscountsGenerateRun } from "../src/cart_lines_discounts_generate_run";
import { parseConfig } from "../src/config";
import { hexEqualsWords, hmacWords } from "../src/hmac";
import { metafieldJson, type CartLinesInput } from "../src/input";
import { bindingKeyOf, hmacKeyOf } from "../src/keys";
import { parseDecimal } from "../src/rational";
import { digestWords, messageWords, sha256Hex } from "../src/sha256";
import { isTargetBitmap, targetMask } from "../src/targets";
import { parseToken, signingStringV2 } from "../src/token";

export type Mark = (step: string) => void;

/** SHA-256 blocks of a message of `bytes` bytes after HMAC's key block. */
const blocks = (bytes: number) => ((bytes + 8) >> 6) + 1;

/** The steps of a v2 percentage offer on the lines target, each followed by `mark`. */
export function profileLinesTarget(input: CartLinesInput, mark: Mark): void {
  mark("(mark overhead)");
  const token = parseToken(metafieldJson(input.cart.metafield));
  mark("parseToken");
  const config = parseConfig(metafieldJson(input.discount.metafield));
  mark("parseConfig");
  if (!token || token.v !== 2 || !config) throw new Error("the profile needs a valid v2 token and config");
  const material = config.keys.get(token.kid)!;
  const key = hmacKeyOf(material)!;
  const k = bindingKeyOf(material, key);
  mark("key: HMAC states and binding point from the config");
  const lines = input.cart.lines;
  const binding = lineBinding(lines, k);
  if (!binding) throw new Error("the cart cannot be bound");
  mark(`cart binding (${lines.length} lines, ${binding.entries} entries)`);
  const signing = signingStringV2(token, binding.digest);
  mark("signingString");
  if (!hexEqualsWords(token.sig, hmacWords(key, signing))) throw new Error("the profile needs a valid signature");
  mark(`HMAC (${signing.length} bytes: ${blocks(signing.length)} + 1 blocks) and its check`);
  if (!isTargetBitmap(token.targets, binding.entries, true)) throw new Error("not this cart's bitmap");
  const targets = targetMask(token.targets, binding.entries, () => canonicalEntries(lines)!);
  mark("bitmap and targetMask");
  const p = pricing(config.caps, input.presentmentCurrencyRate, input.cart.cost!.totalAmount.currencyCode)!;
  const capped = percentCap(parseDecimal(token.value)!, p);
  mark("pricing and percentCap");
  const hundredths = percentHundredths(lines, targets, capped, p);
  mark("caps per line (percentHundredths)");
  const result = percentageResult(lines, hundredths);
  mark("output: size check and candidates");
  cartLinesDiscountsGenerateRun(input);
  mark("the whole run (again, warm)");
  JSON.stringify(result);
  mark("JSON.stringify of the result (writeOutput's share)");
  const v1 = canonicalForm(lines)!;
  mark(`for comparison, v1's binding: canonical form and SHA-256 (${v1.text.length} bytes: ${blocks(v1.text.length)} blocks)`);
  digestWords(messageWords(v1.text));
  mark("  of which: SHA-256 of the canonical cart (again)");
  sha256Hex("x".repeat(55));
  mark("sha256Hex: 1 block");
  sha256Hex("x".repeat(55 + 64 * 4));
  mark("sha256Hex: 5 blocks");
}

/** Per export of the Function (bench/functions.ts looks them up by export name). */
export const profiles: Record<string, (input: never, mark: Mark) => void> = {
  "cart-lines-discounts-generate-run": profileLinesTarget,
};
