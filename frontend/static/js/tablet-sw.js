// Oogst tablet service worker (served as /sw.js, scope /r/): keeps the round's page,
// its CSS/JS and the round's questions for the languages used, so that a tablet can
// take reflections without network. Answers never pass through here: they live in
// IndexedDB and go out from the page. Pages and round data: network first, cache when
// offline. Versioned static files: cache first (their URL changes with their content).
"use strict";
var CACHE = "oogst-tablet-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) { e.waitUntil(self.clients.claim()); });

// The page lists what it needs offline (its own address, assets, round JSON).
self.addEventListener("message", function (e) {
  var urls = (e.data && e.data.cache) || [];
  e.waitUntil(caches.open(CACHE).then(function (c) {
    return Promise.all(urls.map(function (u) {
      return fetch(u, { credentials: "same-origin" }).then(function (r) { if (r.ok) return c.put(u, r); }).catch(function () {});
    }));
  }));
});

function cacheable(url) {
  return url.pathname.indexOf("/r/") === 0 || url.pathname.indexOf("/static/") === 0 ||
    /^\/api\/v1\/rounds\/[^/]+(\/cursists)?$/.test(url.pathname);
}

self.addEventListener("fetch", function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin || !cacheable(url)) return;
  if (url.pathname.indexOf("/static/") === 0 && url.searchParams.get("v")) {
    e.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (r) {
        if (r.ok) { var copy = r.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); }); }
        return r;
      });
    }));
    return;
  }
  e.respondWith(fetch(req).then(function (r) {
    if (r.ok) { var copy = r.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); }); }
    return r;
  }, function () {
    return caches.match(req).then(function (hit) { return hit || Response.error(); });
  }));
});
