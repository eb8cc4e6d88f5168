import type { ShopInfo } from "../../model";
import { idFromGid } from "../json-int";
import { timezoneLabel } from "../shop-time";
import type { Payload } from "./context";

const PLANS: Record<ShopInfo["plan"], { display: string; name: string }> = {
  BASIC: { display: "Basic", name: "basic" },
  SHOPIFY: { display: "Shopify", name: "professional" },
  ADVANCED: { display: "Advanced", name: "unlimited" },
  PLUS: { display: "Shopify Plus", name: "enterprise" },
};

const SYMBOLS: Record<string, string> = { USD: "$", CAD: "$", AUD: "$", NZD: "$", EUR: "€", GBP: "£", JPY: "¥" };

function moneyFormat(currency: string): string {
  const symbol = SYMBOLS[currency];
  return symbol ? `${symbol}{{amount}}` : `{{amount}} ${currency}`;
}

function moneyWithCurrencyFormat(currency: string): string {
  const format = moneyFormat(currency);
  return format.endsWith(currency) ? format : `${format} ${currency}`;
}

/** app/uninstalled: the shop object. The model has no shop address, so those fields are null. */
export function shopPayload(s: ShopInfo): Payload {
  const plan = PLANS[s.plan];
  return {
    id: idFromGid(s.id),
    name: s.name,
    email: s.email,
    domain: s.myshopifyDomain,
    province: null,
    country: null,
    address1: null,
    zip: null,
    city: null,
    source: null,
    phone: null,
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: null,
    updated_at: null,
    country_code: null,
    country_name: null,
    currency: s.currencyCode,
    customer_email: s.email,
    timezone: timezoneLabel(s.ianaTimezone),
    iana_timezone: s.ianaTimezone,
    shop_owner: null,
    money_format: moneyFormat(s.currencyCode),
    money_with_currency_format: moneyWithCurrencyFormat(s.currencyCode),
    weight_unit: "kg",
    province_code: null,
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: null,
    plan_display_name: plan.display,
    plan_name: plan.name,
    has_discounts: false,
    has_gift_cards: false,
    myshopify_domain: s.myshopifyDomain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: moneyFormat(s.currencyCode),
    money_with_currency_in_emails_format: moneyWithCurrencyFormat(s.currencyCode),
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: false,
    has_storefront: true,
    finances: true,
    primary_location_id: null,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [s.currencyCode],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}
