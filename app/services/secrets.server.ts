import { env } from "../env.server";
import { open, seal, sealedWithPrevious, secretKeys, type SecretKeys } from "../lib/secret-box.server";

// The app's one place that turns UPLIFT_SECRETS_KEY into sealing and opening; callers name where a
// secret lives (its context) so a sealed value only opens in that place.

let keys: SecretKeys | undefined;
function appKeys(): SecretKeys {
  keys ??= secretKeys({
    key: env.UPLIFT_SECRETS_KEY,
    previous: env.UPLIFT_SECRETS_KEY_PREVIOUS,
    fallbackSecret: env.SHOPIFY_API_SECRET,
    production: env.NODE_ENV === "production",
  });
  return keys;
}

export const sealSecret = (plaintext: string, context: string) => seal(plaintext, appKeys(), context);
export const openSecret = (sealed: string, context: string) => open(sealed, appKeys(), context);
export const needsReseal = (sealed: string) => sealedWithPrevious(sealed, appKeys());
export const isSealed = (value: string) => value.startsWith("v1.") && value.split(".").length === 5;
