import { describe, expect, it } from "vitest";
import { HUBSPOT_HOST, SALESFORCE_HOST, vendorUrl } from "./outbound-url";

describe("vendorUrl", () => {
  it("accepts the vendor's https hosts and keeps only the origin", () => {
    expect(vendorUrl("https://acme.my.salesforce.com/some/path", SALESFORCE_HOST, true)).toEqual({ ok: true, url: "https://acme.my.salesforce.com" });
    expect(vendorUrl("https://api.hubapi.com", HUBSPOT_HOST, true)).toEqual({ ok: true, url: "https://api.hubapi.com" });
  });

  it("refuses internal or foreign hosts in production, whatever the scheme", () => {
    for (const bad of ["http://acme.my.salesforce.com", "https://169.254.169.254", "https://127.0.0.1:8443", "https://my.salesforce.com.evil.example", "https://evil.example/acme.my.salesforce.com", "https://user:pw@acme.my.salesforce.com", "https://acme.my.salesforce.com:8443", "file:///etc/passwd", "not a url"]) {
      expect(vendorUrl(bad, SALESFORCE_HOST, true).ok, bad).toBe(false);
    }
    expect(vendorUrl("http://127.0.0.1:9999", HUBSPOT_HOST, true).ok).toBe(false);
  });

  it("lets the local stand-ins on loopback through outside production only", () => {
    expect(vendorUrl("http://127.0.0.1:9999/x", HUBSPOT_HOST, false)).toEqual({ ok: true, url: "http://127.0.0.1:9999" });
    expect(vendorUrl("http://10.0.0.8:9999", HUBSPOT_HOST, false).ok).toBe(false);
  });
});
