/*
 * The rest of the results, as the list is scrolled (search: pagefind).
 *
 * The worker (worker.js) hands Material the best results; this script asks it for
 * the next ones when the end of the list comes into view and appends them with
 * Material's markup, so the keyboard keys and the look are the same. It also shows
 * the number of pages found, not only of those listed: "N+" while older parts of
 * the index (shards) are still to be searched.
 *
 * It is loaded before Material's script: it notes the search worker Material starts.
 */
(function () {
  "use strict";
  var MORE = 100, MORE_RESULT = 101, WARM = 102;
  var Native = window.Worker;
  if (!Native) return;
  var worker = null;
  window.Worker = function (url, options) {
    var instance = new Native(url, options);
    if (String(url).indexOf("search-worker") >= 0) {
      worker = instance;
      instance.addEventListener("message", received);
    }
    return instance;
  };
  window.Worker.prototype = Native.prototype;

  /* Opening the search box starts fetching the search engine, before the first word is typed. */
  var warmed = false;
  document.addEventListener("focusin", function (event) {
    if (!warmed && worker && event.target && event.target.matches && event.target.matches("input.md-search__input")) {
      warmed = true;
      worker.postMessage({ type: WARM });
    }
  });

  var state = { query: null, total: 0, more: false, next: 0, pending: false };
  var sentinel = null, observer = null;

  function config() {
    try { return JSON.parse(document.getElementById("__config").textContent); } catch (e) { return {}; }
  }
  function escapeHTML(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function href(doc) {
    var c = config(), url = new URL(doc.location, new URL(c.base || ".", location.href));
    if ((c.features || []).indexOf("search.highlight") >= 0)
      url.searchParams.set("h", Object.keys(doc.terms || {}).join(" "));
    return url.href;
  }
  function render(group) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML = group.map(function (doc, n) {
      var head = n === 0
        ? '<div class="md-search-result__icon md-icon"></div><h1>' + doc.title + "</h1>"
        : "<h2>" + doc.title + "</h2>" + doc.text;
      return '<a href="' + escapeHTML(href(doc)) + '" class="md-search-result__link" tabindex="-1">' +
        '<article class="md-search-result__article md-typeset" data-md-score="' + doc.score.toFixed(2) + '">' +
        head + "</article></a>";
    }).join("");
    return li;
  }
  function meta() {
    var el = document.querySelector(".md-search-result__meta");
    var text = (config().translations || {})["search.result.other"];
    if (el && text && state.total > 1) el.textContent = text.replace("#", state.total + (state.more ? "+" : ""));
  }
  /* The end of the list is in sight: within a screen of the bottom of the result panel. */
  function nearEnd() {
    var wrap = document.querySelector(".md-search__scrollwrap");
    if (!sentinel || !wrap || !wrap.offsetHeight) return false;
    return sentinel.getBoundingClientRect().top <= wrap.getBoundingClientRect().bottom + wrap.offsetHeight;
  }
  function ask() {
    if (!worker || state.pending || (state.next >= state.total && !state.more) || !nearEnd()) return;
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.children.length < state.next) return;  // Material is still rendering its part
    state.pending = true;
    worker.postMessage({ type: MORE, query: state.query, from: state.next });
  }
  function watch() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !("IntersectionObserver" in window)) return;
    if (!sentinel) {
      sentinel = document.createElement("div");
      sentinel.style.height = "1px";
      list.parentNode.appendChild(sentinel);
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) ask();
      }, { root: document.querySelector(".md-search__scrollwrap"), rootMargin: "0px 0px 100% 0px" });
      observer.observe(sentinel);
      document.querySelector(".md-search__scrollwrap").addEventListener("scroll", function () { ask(); }, { passive: true });
      new MutationObserver(function () { setTimeout(ask, 50); }).observe(list, { childList: true });
    }
  }
  function received(event) {
    var m = event.data;
    if (!m || m.type !== MORE_RESULT) return;
    if (m.from === 0) {
      document.body.setAttribute("data-briefing-searched", m.query);  // for tests and the benchmark
      state = { query: m.query, total: m.total, more: !!m.more, next: 0, pending: false };
      state.next = m.shown;
      setTimeout(function () { meta(); watch(); ask(); }, 0);
      return;
    }
    if (m.query !== state.query || m.from !== state.next) return;
    var list = document.querySelector(".md-search-result__list");
    m.items.forEach(function (group) { list.appendChild(render(group)); });
    state.next += m.items.length;
    state.pending = false;
    state.total = Math.max(m.total || 0, state.next);
    state.more = !!m.more && m.items.length > 0;
    if (!m.items.length) state.next = state.total;
    meta();
    setTimeout(ask, 0);
  }
})();
