/* Offline reading (docs/offline.md): start the service worker for a signed-in reader, forget
   everything it kept once nobody is signed in, and list what is kept on the offline page. */
(function () {
  "use strict";

  var PREFIX = "plainly-";
  var PAGES = "plainly-pages-";

  function forgetEverything() {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    });
    if (!window.caches) return;
    caches.keys().then(function (names) {
      names.filter(function (name) { return name.indexOf(PREFIX) === 0; })
        .forEach(function (name) { caches.delete(name); });
    });
  }

  function titleOf(html) {
    var title = new DOMParser().parseFromString(html, "text/html").title;
    return title.replace(/ · Plainly$/, "") || "A page you saved";
  }

  /* The offline page: link every page kept for the reader whose worker answered. */
  async function listKept(list) {
    var worker = navigator.serviceWorker.controller;
    var account = worker && new URL(worker.scriptURL).searchParams.get("account");
    if (!account || !window.caches) return;
    var cache = await caches.open(PAGES + account);
    var requests = await cache.keys();
    for (var request of requests) {
      var response = await cache.match(request);
      var link = document.createElement("a");
      link.href = request.url;
      link.textContent = titleOf(await response.text());
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    }
  }

  if (!("serviceWorker" in navigator)) return;
  var marker = document.querySelector('meta[name="plainly-offline"]');
  var list = document.querySelector("[data-offline-list]");
  if (list) listKept(list);
  if (!marker) return; // a page that belongs to nobody, such as the offline page
  if (!marker.content) {
    forgetEverything();
    return;
  }
  var url = "/sw.js?account=" + encodeURIComponent(marker.content);
  var controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.register(url, { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    /* The page opened before the worker ran: let it keep this visit too. */
    if (!controlled) registration.active.postMessage({ keep: location.href });
  }).catch(function () {
    /* Offline or refused: the pages work as before. */
  });
  /* Back online: fetch the kept pages again so they show the latest version. */
  window.addEventListener("online", function () {
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage("refresh");
  });
})();
