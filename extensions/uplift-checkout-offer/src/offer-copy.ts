import type { I18n } from "@shopify/ui-extensions/checkout";
import type { OfferAction } from "./offer";

// Every key is a literal in its translate call so tests/locales.test.ts can find it.
// The % sign lives in the locale files ("10 %" in French and German).

const percent = (i18n: I18n, value: number) => i18n.formatNumber(value, { maximumFractionDigits: 2 });

const money = (i18n: I18n, amount: { amount: string; currencyCode: string }) =>
  i18n.formatCurrency(Number(amount.amount), { currency: amount.currencyCode });

/** The banner heading in checkout: what the buyer gets if they apply the offer. */
export function offerHeading(i18n: I18n, action: OfferAction): string {
  switch (action.type) {
    case "percentage_discount":
      return i18n.translate("offer.percentage", { percent: percent(i18n, action.percent) });
    case "fixed_discount":
      return i18n.translate("offer.fixed", { amount: money(i18n, action.amount) });
    case "free_shipping":
      return i18n.translate("offer.freeShipping");
  }
}

/** The thank-you confirmation for an offer the buyer accepted. */
export function acceptedConfirmation(i18n: I18n, action: OfferAction): string {
  switch (action.type) {
    case "percentage_discount":
      return i18n.translate("thankYou.percentage", { percent: percent(i18n, action.percent) });
    case "fixed_discount":
      return i18n.translate("thankYou.fixed", { amount: money(i18n, action.amount) });
    case "free_shipping":
      return i18n.translate("thankYou.freeShipping");
  }
}
