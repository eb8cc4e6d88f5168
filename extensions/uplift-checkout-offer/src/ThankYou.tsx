import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { ACCEPTED_OFFER_KEY, readAcceptedOffer } from "./accepted-offer";
import { acceptedConfirmation } from "./offer-copy";

// The thank-you page has no write APIs and this target makes no network call: it only confirms
// an offer the buyer accepted in checkout, then forgets it so a later order does not show it.
export default async () => {
  try {
    const accepted = readAcceptedOffer(await shopify.storage.read(ACCEPTED_OFFER_KEY), shopify.checkoutToken.value);
    if (accepted) {
      render(
        <s-banner tone="success" heading={acceptedConfirmation(shopify.i18n, accepted.action)} />,
        document.body,
      );
    }
  } catch {
    // Render nothing.
  }
  try {
    await shopify.storage.delete(ACCEPTED_OFFER_KEY);
  } catch {
    // Best effort: a leftover entry is checked against the checkout token next time.
  }
};
