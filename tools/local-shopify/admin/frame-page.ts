// The local stand-in for admin.shopify.com/store/{store}/apps/{key}: a sidebar and the app iframe.
// As in Shopify's admin, the app's <ui-nav-menu> links fill the sidebar (App Bridge posts them
// here), sidebar clicks navigate inside the app, and the admin URL follows the app's path.

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

// JSON inside <script>: "<" escaped so a value can never close the element.
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

export type FramePageOptions = {
  shop: string; // myshopify domain
  apiKey: string;
  appOrigin: string;
  adminBase: string; // "/store/{store}/apps/{apiKey}"
  frameUrl: string;
  shops: string[]; // myshopify domains, for the store switcher
};

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; background: #f1f1f1; color: #303030; }
  header { display: flex; align-items: center; gap: 12px; height: 48px; padding: 0 16px; background: #1a1a1a; color: #e3e3e3; }
  header h1 { font-size: 14px; font-weight: 600; margin: 0; }
  header .badge { font-size: 12px; padding: 2px 8px; border-radius: 8px; background: #5c3b00; color: #ffd79d; }
  header nav { margin-left: auto; display: flex; gap: 8px; }
  header nav a { color: #c4c4c4; }
  .layout { display: flex; height: calc(100vh - 48px); }
  aside { width: 240px; padding: 12px 8px; background: #ebebeb; border-right: 1px solid #d4d4d4; overflow-y: auto; }
  aside a { display: block; padding: 6px 10px; border-radius: 8px; color: inherit; text-decoration: none; }
  aside a:hover { background: #f7f7f7; }
  aside a[aria-current="page"] { background: #fff; font-weight: 600; }
  aside .app-home { font-weight: 600; }
  aside ul { list-style: none; margin: 4px 0 0; padding: 0 0 0 12px; }
  main { flex: 1; padding: 0; }
  iframe { width: 100%; height: 100%; border: 0; background: #fff; }
`;

// Runs in the admin page; values come from scriptJson above.
const CLIENT = `
  const frame = document.getElementById("app-frame");
  const list = document.getElementById("app-nav");
  const home = document.getElementById("app-home");
  const toAdmin = (appPath) => {
    const rest = /^\\/app(?=$|[/?#])/.test(appPath) ? appPath.slice(4) : appPath;
    return config.adminBase + rest;
  };
  const toApp = (adminPath) => "/app" + adminPath.slice(config.adminBase.length);
  const markActive = (appPath) => {
    const path = appPath.split("?")[0];
    for (const a of document.querySelectorAll("aside a[data-app-href]")) {
      if (a.dataset.appHref === path) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
  };
  const navigateApp = (href) => frame.contentWindow.postMessage({ type: "local-shopify:navigate", href }, config.appOrigin);
  const link = (item) => {
    const a = document.createElement("a");
    a.href = toAdmin(item.href);
    a.dataset.appHref = item.href;
    a.textContent = item.label;
    return a;
  };
  document.querySelector("aside").addEventListener("click", (event) => {
    const a = event.target.closest("a[data-app-href]");
    if (!a || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    history.pushState(null, "", a.href);
    markActive(a.dataset.appHref);
    navigateApp(a.dataset.appHref);
  });
  addEventListener("popstate", () => navigateApp(toApp(location.pathname) + location.search));
  addEventListener("message", (event) => {
    if (event.origin !== config.appOrigin || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.type === "local-shopify:nav" && Array.isArray(data.items)) {
      const first = data.items.find((i) => i.home) || { label: "App", href: "/app" };
      home.textContent = first.label;
      home.dataset.appHref = first.href;
      home.href = toAdmin(first.href);
      list.replaceChildren(...data.items.filter((i) => i !== first).map((i) => {
        const li = document.createElement("li");
        li.append(link(i));
        return li;
      }));
      markActive(toApp(location.pathname));
    }
    if (data.type === "local-shopify:location" && typeof data.path === "string") {
      const target = toAdmin(data.path);
      if (target !== location.pathname + location.search) history.replaceState(null, "", target);
      markActive(data.path);
    }
  });
`;

export function renderFramePage(o: FramePageOptions): string {
  const title = `Local Shopify admin — ${o.shop}`;
  const others = o.shops
    .filter((s) => s !== o.shop)
    .map((s) => `<a href="${escapeHtml(`/store/${s.replace(/\.myshopify\.com$/, "")}/apps/${encodeURIComponent(o.apiKey)}`)}">${escapeHtml(s)}</a>`)
    .join("");
  const config = { appOrigin: o.appOrigin, adminBase: o.adminBase };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <span class="badge" title="Shopify's admin is not reachable here; this page plays its part">local stand-in · demo/test only</span>
  <nav>${others}</nav>
</header>
<div class="layout">
  <aside aria-label="App navigation">
    <a id="app-home" class="app-home" href="${escapeHtml(o.adminBase)}" data-app-href="/app">App</a>
    <ul id="app-nav"></ul>
  </aside>
  <main>
    <iframe id="app-frame" name="app-iframe" title="App" src="${escapeHtml(o.frameUrl)}"></iframe>
  </main>
</div>
<script>
  const config = ${scriptJson(config)};
  ${CLIENT}
</script>
</body>
</html>
`;
}
