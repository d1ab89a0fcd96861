/* Plainly's service worker (docs/offline.md). It keeps, for the signed-in reader whose
   account key is in its own URL, only the pages the server marks with that key: saved
   articles, the saved list with its notes and the appointment sheet. Share pages and any
   other page are never kept. Everything else falls back to the offline page. */
"use strict";

var VERSION = "1";
var ACCOUNT = new URL(self.location.href).searchParams.get("account") || "";
var STATIC_CACHE = "plainly-static-" + VERSION;
var PAGES_CACHE = "plainly-pages-" + ACCOUNT;
var OFFLINE_URL = "/offline";
var KEPT_HEADER = "X-Plainly-Offline";
var NEVER = [/^\/shared\//, /^\/sw\.js$/];
var PRECACHE = [
  "/static/css/plainly.css",
  "/static/css/sheet.css",
  "/static/js/plainly.js",
  "/static/js/offline.js",
  "/static/js/read-aloud.js",
  "/static/favicon.svg",
  "/static/icons/icon-192.png",
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      /* Fetched without cookies: one offline page for everyone, naming no account. */
      return cache.addAll(PRECACHE.concat([new Request(OFFLINE_URL, { credentials: "omit" })]));
    }).then(function () { return self.skipWaiting(); })
  );
});

/* A new worker belongs to one account: the pages kept for any other are deleted. */
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== STATIC_CACHE && name !== PAGES_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keptFor(response) {
  return ACCOUNT !== "" && response.ok && response.headers.get(KEPT_HEADER) === ACCOUNT;
}

/* Network first; a page keeps its copy only while the server still marks it as ours. */
async function fromNetwork(request) {
  var response = await fetch(request);
  var cache = await caches.open(PAGES_CACHE);
  if (keptFor(response)) {
    await cache.put(request.url, response.clone());
  } else {
    await cache.delete(request.url);
  }
  return response;
}

async function page(request) {
  try {
    return await fromNetwork(request);
  } catch (error) {
    var kept = ACCOUNT && (await (await caches.open(PAGES_CACHE)).match(request.url));
    return kept || (await caches.match(OFFLINE_URL)) || Response.error();
  }
}

async function asset(request) {
  var cache = await caches.open(STATIC_CACHE);
  try {
    var response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(request, { ignoreSearch: true })) || Response.error();
  }
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NEVER.some(function (rule) { return rule.test(url.pathname); })) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});

function refetch(url) {
  return fromNetwork(new Request(url, { credentials: "same-origin" })).catch(function () {
    return null;
  });
}

/* "refresh": back online, fetch every kept page again (the server may have changed or
   dropped it). {keep: url}: a page opened before this worker ran may be kept as well. */
self.addEventListener("message", function (event) {
  var data = event.data;
  if (data === "refresh") {
    event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
      return cache.keys();
    }).then(function (requests) {
      return Promise.all(requests.map(function (request) { return refetch(request.url); }));
    }));
  } else if (data && typeof data.keep === "string") {
    var url = new URL(data.keep, self.location.href);
    url.hash = "";
    var allowed = url.origin === self.location.origin &&
      !NEVER.some(function (rule) { return rule.test(url.pathname); });
    if (allowed) event.waitUntil(refetch(url.href));
  }
});
