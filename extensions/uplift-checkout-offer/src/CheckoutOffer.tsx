import { useEffect, useRef, useState } from "preact/hooks";
import { ACCEPTED_OFFER_KEY, toAcceptedOffer } from "./accepted-offer";
import { readCheckoutConfig } from "./config";
import type { Offer } from "./offer";
import { offerHeading } from "./offer-copy";
import { buildOfferRequest, requestOffer } from "./offer-request";

type Phase = "ready" | "applying" | "applied" | "failed" | "declined";

/**
 * The checkout block. Reading `shopify.*.value` here subscribes the component to those signals
 * (the entry imports '@shopify/ui-extensions/preact'), so a changed cart asks for a fresh offer:
 * the signed token is bound to the cart's lines and would not survive the change.
 */
export function CheckoutOffer() {
  const canWrite = shopify.instructions.value.metafields.canSetCartMetafields;
  const apiUrl = readCheckoutConfig(shopify.appMetafields.value)?.apiUrl;
  const lines = shopify.lines.value;
  // Variant and quantity only: a discount being applied changes line costs, which must not
  // trigger a new request.
  const cartKey = lines.map((l) => `${l.merchandise.id}*${l.quantity}`).sort().join("\n");

  const [offer, setOffer] = useState<Offer | null>(null);
  const [phase, setPhase] = useState<Phase>("ready");
  const busy = useRef(false);
  // The cart an offer was applied to in this session. If the cart changes afterwards the token in
  // the cart metafield no longer matches it (the Function ignores it), so the thank-you page must
  // not confirm it either.
  const appliedTo = useRef<string | null>(null);
  // "No thanks" holds for the rest of this checkout, whatever the cart does next.
  const declined = useRef(false);

  useEffect(() => {
    if (declined.current) return;
    setOffer(null);
    setPhase("ready");
    if (appliedTo.current !== null && appliedTo.current !== cartKey) {
      appliedTo.current = null;
      shopify.storage.delete(ACCEPTED_OFFER_KEY).catch(() => undefined);
    }
    if (!canWrite || !apiUrl || lines.length === 0) return;
    let current = true;
    const body = buildOfferRequest({
      checkoutToken: shopify.checkoutToken.value,
      currencyCode: shopify.localization.currency.value.isoCode,
      countryCode: shopify.localization.country.value?.isoCode,
      lines,
      discountCodes: shopify.discountCodes.value,
    });
    requestOffer({ apiUrl, getSessionToken: () => shopify.sessionToken.get(), body }).then(
      (result) => current && setOffer(result),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [canWrite, apiUrl, cartKey]);

  // While the request runs (at most 800 ms) nothing is drawn, not a skeleton. Most checkouts get
  // no offer (`{offer: null}`, holdouts, caps), so a skeleton would appear and then collapse for
  // nearly every buyer: a layout shift to announce nothing. The block appears once, and only
  // when there is something to show.
  if (!offer || phase === "declined") return null;

  const { i18n } = shopify;

  if (phase === "applied") {
    return (
      <s-banner tone="success" heading={i18n.translate("applied.heading")}>
        <s-paragraph>{i18n.translate("applied.body")}</s-paragraph>
      </s-banner>
    );
  }

  const accept = async () => {
    // A ref, not state: a second click in the same tick sees no re-render yet.
    if (busy.current) return;
    busy.current = true;
    setPhase("applying");
    try {
      const result = await shopify.applyMetafieldChange({
        type: "updateCartMetafield",
        metafield: { namespace: "$app", key: "offer", value: JSON.stringify(offer.token), type: "json" },
      });
      // result.message is for debugging only: never shown to the buyer.
      if (result.type !== "success") {
        setPhase("failed");
        return;
      }
      setPhase("applied");
      appliedTo.current = cartKey;
      try {
        await shopify.storage.write(ACCEPTED_OFFER_KEY, toAcceptedOffer(offer, shopify.checkoutToken.value));
      } catch {
        // Storage is best effort: the discount is in the cart either way.
      }
    } catch {
      setPhase("failed");
    } finally {
      busy.current = false;
    }
  };

  const decline = () => {
    declined.current = true;
    setPhase("declined");
  };

  const applying = phase === "applying";
  return (
    <s-banner tone="info" heading={offerHeading(i18n, offer.action)}>
      <s-stack gap="base">
        <s-paragraph>{i18n.translate("offer.details")}</s-paragraph>
        {phase === "failed" && <s-paragraph tone="critical">{i18n.translate("error.apply")}</s-paragraph>}
        <s-stack direction="inline" gap="base">
          <s-button variant="primary" loading={applying} disabled={applying} onClick={accept}>
            {i18n.translate("actions.apply")}
          </s-button>
          <s-button variant="secondary" disabled={applying} onClick={decline}>
            {i18n.translate("actions.decline")}
          </s-button>
        </s-stack>
      </s-stack>
    </s-banner>
  );
}
