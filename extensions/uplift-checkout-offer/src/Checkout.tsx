import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { CheckoutOffer } from "./CheckoutOffer";
import { Silent } from "./Silent";

// Nothing in here may break checkout: render errors vanish through <Silent>, the request and
// the write API are caught inside <CheckoutOffer>, and this catch covers the rest.
export default async () => {
  try {
    render(
      <Silent>
        <CheckoutOffer />
      </Silent>,
      document.body,
    );
  } catch {
    // Render nothing.
  }
};
