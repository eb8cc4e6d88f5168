// Local stand-in for https://cdn.shopify.com/shopifycloud/app-bridge.js (App Bridge v4), served by
// the local Shopify at /app-bridge.js in demo and test mode only. Shopify's CDN and admin are not
// reachable there, so this script keeps App Bridge's contract with the app:
//   - window.shopify: config, idToken(), toast, loading, environment
//   - same-origin fetch() gets "Authorization: Bearer <session token>", and is retried once with a
//     fresh token when the app answers 401 + X-Shopify-Retry-Invalid-Session-Request
//   - <ui-nav-menu> shows its links and turns clicks into "shopify:navigate" events, which
//     shopify-app-remix's AppProvider turns into Remix navigation
//   - on the bounce page (/auth/session-token?...&shopify-reload=URL) it fetches a token and
//     reloads URL with id_token
// Session tokens come from the local Shopify that served this script (GET /session-token).
(function () {
  "use strict";
  if (window.shopify && window.shopify.__local) return;

  const script = document.currentScript || document.querySelector("script[data-api-key]");
  const adminOrigin = new URL(script && script.src ? script.src : location.href).origin;
  const apiKey = (script && script.getAttribute("data-api-key")) || "";
  const params = new URLSearchParams(location.search);
  const embedded = window.parent !== window;

  // The app drops shop/host from its URLs after the first load; keep them for later token requests.
  const remembered = (key) => {
    const value = params.get(key);
    try {
      if (value) sessionStorage.setItem("local-shopify:" + key, value);
      return value || sessionStorage.getItem("local-shopify:" + key);
    } catch {
      return value;
    }
  };
  const shop = remembered("shop");
  const host = remembered("host");

  // --- Session tokens -------------------------------------------------------------------------
  const originalFetch = window.fetch.bind(window);
  const expiresAt = (token) => {
    try {
      const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(part)).exp * 1000;
    } catch {
      return 0;
    }
  };
  let cached = params.get("id_token") ? { token: params.get("id_token"), exp: expiresAt(params.get("id_token")) } : null;
  let pending = null;

  async function requestToken() {
    if (!shop) throw new Error("App Bridge (local): no shop; open the app from the local Shopify admin");
    const res = await originalFetch(adminOrigin + "/session-token?shop=" + encodeURIComponent(shop), {
      credentials: "omit",
      cache: "no-store",
    });
    if (!res.ok) throw new Error("App Bridge (local): session token request failed with " + res.status);
    return (await res.json()).token;
  }

  // Tokens live one minute; reuse one until ten seconds before it expires, as App Bridge does.
  function idToken(fresh) {
    if (!fresh && cached && cached.exp - Date.now() > 10000) return Promise.resolve(cached.token);
    if (!pending) {
      pending = requestToken()
        .then((token) => {
          cached = { token, exp: expiresAt(token) };
          return token;
        })
        .finally(() => {
          pending = null;
        });
    }
    return pending;
  }

  window.fetch = async function (input, init) {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return originalFetch(input, init);
    const baseHeaders = init && init.headers !== undefined ? init.headers : input instanceof Request ? input.headers : undefined;
    const send = async (fresh) => {
      const headers = new Headers(baseHeaders);
      if (!headers.has("Authorization")) {
        try {
          headers.set("Authorization", "Bearer " + (await idToken(fresh)));
        } catch (error) {
          console.warn(String(error));
        }
      }
      return originalFetch(input, Object.assign({}, init, { headers }));
    };
    const res = await send(false);
    if (res.status !== 401) return res;
    const reauthorize = res.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
    if (reauthorize) {
      window.open(reauthorize, "_top");
      return res;
    }
    const replayable = !(input instanceof Request) && !(init && init.body instanceof ReadableStream);
    if (res.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1" && replayable) return send(true);
    return res;
  };

  // --- Admin frame messages ---------------------------------------------------------------------
  const toAdmin = (message) => {
    if (embedded) window.parent.postMessage(message, adminOrigin);
  };
  const HIDDEN_PARAMS = ["embedded", "shop", "host", "id_token", "hmac", "locale", "session", "timestamp"];
  function reportLocation() {
    const query = new URLSearchParams(location.search);
    HIDDEN_PARAMS.forEach((p) => query.delete(p));
    const search = query.toString();
    toAdmin({ type: "local-shopify:location", path: location.pathname + (search ? "?" + search : "") });
    document.querySelectorAll("ui-nav-menu").forEach((menu) => menu.render && menu.render());
  }
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method].bind(history);
    history[method] = function (...args) {
      const result = original(...args);
      reportLocation();
      return result;
    };
  }
  addEventListener("popstate", reportLocation);

  function navigate(href) {
    const inMenu = Array.from(document.querySelectorAll("ui-nav-menu a")).find((a) => a.getAttribute("href") === href);
    const anchor = inMenu || Object.assign(document.createElement("a"), { hidden: true });
    if (!inMenu) {
      anchor.setAttribute("href", href);
      document.body.appendChild(anchor);
    }
    anchor.dispatchEvent(new Event("shopify:navigate", { bubbles: true }));
    if (!inMenu) anchor.remove();
  }
  addEventListener("message", (event) => {
    if (event.origin !== adminOrigin || event.source !== window.parent) return;
    const data = event.data || {};
    if (data.type === "local-shopify:navigate" && typeof data.href === "string" && data.href.startsWith("/")) navigate(data.href);
  });

  // --- <ui-nav-menu> ------------------------------------------------------------------------------
  // React owns the <a> children, so they stay where they are; the visible bar lives in a shadow root.
  const NAV_STYLE =
    ":host{display:block}nav{display:flex;flex-wrap:wrap;gap:4px;padding:8px 12px;background:#f7f7f7;" +
    "border-bottom:1px solid #e3e3e3;font:14px/1.4 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif}" +
    "a{padding:4px 10px;border-radius:8px;color:#303030;text-decoration:none}a:hover{background:#ebebeb}" +
    "a[aria-current=page]{background:#fff;font-weight:600;box-shadow:0 0 0 1px #e3e3e3}";

  class UiNavMenu extends HTMLElement {
    connectedCallback() {
      if (!this.shadowRoot) {
        this.attachShadow({ mode: "open" }).addEventListener("click", (event) => {
          const shadowLink = event.target.closest("a[data-index]");
          if (!shadowLink || event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          const original = this.links()[Number(shadowLink.dataset.index)];
          if (original) original.dispatchEvent(new Event("shopify:navigate", { bubbles: true }));
        });
      }
      this.observer = new MutationObserver(() => this.render());
      this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
      this.render();
    }

    disconnectedCallback() {
      if (this.observer) this.observer.disconnect();
    }

    links() {
      return Array.from(this.querySelectorAll("a[href]"));
    }

    render() {
      if (!this.shadowRoot) return;
      const links = this.links();
      const here = location.pathname;
      const active = links
        .map((a) => new URL(a.getAttribute("href"), location.href).pathname)
        .filter((p) => here === p || here.startsWith(p.replace(/\/$/, "") + "/"))
        .sort((a, b) => b.length - a.length)[0];
      const style = document.createElement("style");
      style.textContent = NAV_STYLE;
      const nav = document.createElement("nav");
      nav.setAttribute("aria-label", "App navigation");
      links.forEach((a, i) => {
        const item = document.createElement("a");
        item.href = a.getAttribute("href");
        item.dataset.index = String(i);
        item.textContent = a.textContent;
        if (new URL(item.href).pathname === active) item.setAttribute("aria-current", "page");
        nav.appendChild(item);
      });
      this.shadowRoot.replaceChildren(style, nav);
      toAdmin({
        type: "local-shopify:nav",
        items: links.map((a) => ({ label: a.textContent, href: a.getAttribute("href"), home: a.getAttribute("rel") === "home" })),
      });
    }
  }
  if (!customElements.get("ui-nav-menu")) customElements.define("ui-nav-menu", UiNavMenu);

  // --- toast and loading ------------------------------------------------------------------------
  let toastCount = 0;
  const toasts = new Map();
  const toast = {
    show(message, options) {
      const id = String(++toastCount);
      const el = document.createElement("div");
      el.setAttribute("role", "status");
      el.dataset.localShopifyToast = id;
      el.textContent = String(message);
      el.style.cssText =
        "position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2147483647;padding:10px 16px;" +
        "border-radius:10px;color:#fff;font:14px -apple-system,BlinkMacSystemFont,sans-serif;background:" +
        (options && options.isError ? "#8e1f0b" : "#303030");
      document.body.appendChild(el);
      toasts.set(id, el);
      setTimeout(() => toast.hide(id), (options && options.duration) || 5000);
      return id;
    },
    hide(id) {
      const el = toasts.get(id);
      if (el) el.remove();
      toasts.delete(id);
    },
  };

  let loadingBar = null;
  function loading(on) {
    if (on === undefined) return Boolean(loadingBar);
    if (on && !loadingBar) {
      loadingBar = document.createElement("div");
      loadingBar.setAttribute("aria-busy", "true");
      loadingBar.style.cssText = "position:fixed;top:0;left:0;right:0;height:3px;background:#303030;z-index:2147483647";
      document.documentElement.appendChild(loadingBar);
    } else if (!on && loadingBar) {
      loadingBar.remove();
      loadingBar = null;
    }
    return Boolean(on);
  }

  window.shopify = {
    __local: true,
    config: { apiKey, shop, host, locale: "en" },
    origin: adminOrigin,
    environment: { embedded, mobile: false, pos: false },
    idToken: () => idToken(false),
    toast,
    loading,
  };

  // --- Bounce page ------------------------------------------------------------------------------
  const reload = params.get("shopify-reload");
  if (reload && /\/session-token$/.test(location.pathname)) {
    const target = new URL(reload, location.href);
    if (target.origin !== location.origin) {
      console.error("App Bridge (local): refusing to reload a URL on another origin: " + target.href);
    } else {
      idToken(true).then(
        (token) => {
          target.searchParams.set("id_token", token);
          location.replace(target.href);
        },
        (error) => console.error(String(error)),
      );
    }
  } else {
    reportLocation();
  }
})();
