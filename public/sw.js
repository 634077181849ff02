// Service worker of Agir ensemble: the app starts and works with no network after one
// visit. `cargo xtask post-build` (a Trunk post_build hook) replaces the two placeholders below
// with this build's id and the hashed files of the app shell, so every deploy installs a
// new cache and the old ones are deleted once the new version takes over.
'use strict';

const BUILD = '__AGIR_BUILD_ID__';
const PRECACHE = __AGIR_PRECACHE__;
const SHELL = `agir-shell-${BUILD}`;
const DATA = 'agir-data-v1';
// Past this delay a slow network counts as none: the venue's wifi fails exactly when a
// thousand people need the programme.
const NETWORK_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
  // No skipWaiting(): a new version waits until the person chooses to reload.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith('agir-shell-') && n !== SHELL).map((n) => caches.delete(n)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'SKIP_WAITING') self.skipWaiting();
  if (data.type === 'BUILD' && event.ports[0]) event.ports[0].postMessage({ build: BUILD });
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The organizers' console is another app, always from the network: never the attendee shell.
  if (url.pathname === '/organisateurs' || url.pathname.startsWith('/organisateurs/')) return;
  // An association's private page and its spreadsheet: the network only, never kept in a
  // cache (the server sends them `no-store`) and never the attendee shell.
  if (url.pathname === '/association' || url.pathname.startsWith('/association/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(shell(request));
  } else if (url.pathname === '/api/edition' || url.pathname.startsWith('/api/editions/')) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (url.pathname.startsWith('/api/')) {
    return; // changes, feedback, admin: always the network
  } else {
    event.respondWith(cacheFirst(request));
  }
});

/** Any route of the app answers with the cached index.html: the app routes itself. */
async function shell(request) {
  const cached = await caches.match('/index.html', { cacheName: SHELL });
  if (cached) return cached;
  return fetch(request);
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL });
  return cached || fetch(request);
}

/** The programme: the network when it answers in time and well, else the last good copy. */
async function networkFirst(request, key) {
  const cache = await caches.open(DATA);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (response.status >= 500) {
      // A server or a proxy in trouble: the last good copy is better than an error.
      const cached = await cache.match(key);
      if (cached) return withHeader(cached, 'X-Agir-Offline', '1');
      return response;
    }
    if (response.status === 200) await cache.put(key, response.clone());
    if (response.status === 304) {
      // The copy is still right: remember when we last heard so.
      const cached = await cache.match(key);
      if (cached) await cache.put(key, restamp(cached.clone()));
    }
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    // The app reads this header to say "Hors ligne : programme du …" truthfully.
    if (cached) return withHeader(cached, 'X-Agir-Offline', '1');
    throw error;
  }
}

function restamp(response) {
  return withHeader(response, 'Date', new Date().toUTCString());
}

function withHeader(response, name, value) {
  const headers = new Headers(response.headers);
  headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('délai dépassé')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
