import { describe, expect, it } from "vitest";
import { HUBSPOT_HOST, isPublicHost, SALESFORCE_HOST, vendorUrl } from "./outbound-url";

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

describe("isPublicHost", () => {
  it("refuses loopback, private, link-local and internal names in every spelling", () => {
    for (const host of ["localhost", "api.localhost", "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "[::1]", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "metadata.google.internal", "printer.local", "intranet", "2130706433", "0x7f000001"]) {
      expect(isPublicHost(host), host).toBe(false);
    }
  });
  it("accepts public names and addresses", () => {
    for (const host of ["api.openai.com", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "llm.example.com"]) expect(isPublicHost(host), host).toBe(true);
  });
});
