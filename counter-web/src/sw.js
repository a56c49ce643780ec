// Offline: the page's own files, cached at install; served from the cache first, so a counter
// keeps working with the network cut. build.sh fills in the version and the file list.
const CACHE = "counter-__VERSION__";
const FILES = __FILES__;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  // Trust and status files named in settings are fetched fresh; the page itself comes from the cache.
  if (event.request.cache === "no-store") return;
  const key = url.pathname.endsWith("/") ? new Request(url.origin + url.pathname + "index.html") : event.request;
  event.respondWith(caches.match(key, { ignoreSearch: true }).then((hit) => hit || fetch(event.request)));
});
