/* Plain Law's page behaviour, set up once per page (app.py inlines it with PL_CONFIG filled in):
   - a skip link (the first tab stop) to the question box;
   - "Get help now" and a GOV.UK-style "Exit this page" quick exit (also: press Shift 3 times);
   - a polite ARIA live region that announces each new answer;
   - [n] markers that open and focus their source card; copy and print of one answer or one sheet;
   - html[data-pl-theme] set to "light" or "dark" from the theme Streamlit is showing. */
(function () {
  var C = PL_CONFIG;
  var P = (window.__plainlaw = window.__plainlaw || {});
  if (P.ready) { return; }
  P.ready = true;

  function focusInput() {
    var box = document.querySelector('[data-testid="stChatInputTextArea"]');
    if (box) { box.focus(); return; }
    var heading = document.querySelector('[data-testid="stMain"] h1');
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }
  P.focusInput = focusInput;

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    try { document.title = ""; document.body.style.visibility = "hidden"; } catch (e) { /* leave anyway */ }
    window.location.replace(C.exitUrl);
  }
  P.quickExit = quickExit;

  function openHelp(event) {
    if (event) { event.preventDefault(); }
    var panel = document.getElementById("pl-help-panel");
    if (!panel) { return; }
    panel.open = true;
    panel.scrollIntoView({ block: "start" });
    var summary = panel.querySelector("summary");
    if (summary) { summary.focus(); }
  }

  var skip = document.createElement("a");
  skip.className = "pl-skip";
  skip.href = "#pl-question";
  skip.textContent = C.skip;
  skip.addEventListener("click", function (e) { e.preventDefault(); focusInput(); });
  document.body.insertBefore(skip, document.body.firstChild);

  var bar = document.createElement("nav");
  bar.className = "pl-topbar";
  bar.setAttribute("aria-label", C.barLabel);
  var help = document.createElement("a");
  help.className = "pl-gethelp";
  help.href = "#pl-help-panel";
  help.textContent = C.getHelp;
  help.addEventListener("click", openHelp);
  var exit = document.createElement("a");
  exit.className = "pl-exit";
  exit.href = C.exitUrl;
  exit.rel = "nofollow noreferrer";
  exit.textContent = C.exit;
  exit.title = C.exitHint;
  exit.addEventListener("click", quickExit);
  bar.appendChild(help);
  bar.appendChild(exit);
  skip.insertAdjacentElement("afterend", bar);

  var live = document.createElement("div");
  live.id = "pl-live";
  live.className = "pl-sr-only";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  document.body.appendChild(live);
  P.announce = function (text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  };

  var shifts = [];
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Shift" || e.repeat) { return; }
    var now = Date.now();
    shifts = shifts.filter(function (t) { return now - t < 1500; });
    shifts.push(now);
    if (shifts.length >= 3) { quickExit(); }
  });

  function showSource(id) {
    var target = document.getElementById(id);
    if (!target) { return; }
    var details = target.querySelector("details");
    if (details) { details.open = true; }
    target.classList.add("pl-target");
    window.setTimeout(function () { target.classList.remove("pl-target"); }, 2500);
    // The passage is held at the top while the page settles: on a slow machine Streamlit, still drawing the
    // answer, would otherwise carry the page on past it.
    unstick();
    hold(function () {
      var top = target.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.35) { target.scrollIntoView({ block: "start" }); }
    }, 3000);
    target.focus({ preventScroll: true });
  }

  function copyText(text, button) {
    function done() {
      var label = button.textContent;
      button.textContent = C.copied;
      window.setTimeout(function () { button.textContent = label; }, 2000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else { fallbackCopy(text); done(); }
  }
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function printOne(card, mode) {
    var root = document.documentElement;
    var message = card.closest('[data-testid="stChatMessage"]');
    if (message) { message.setAttribute("data-pl-print", "1"); }
    root.classList.add(mode);
    function clear() {
      root.classList.remove(mode);
      if (message) { message.removeAttribute("data-pl-print"); }
      window.removeEventListener("afterprint", clear);
    }
    window.addEventListener("afterprint", clear);
    window.print();
    window.setTimeout(clear, 1000);
  }
  P.printOne = printOne;

  document.addEventListener("click", function (e) {
    var cite = e.target.closest && e.target.closest("a.pl-cite");
    if (cite) {
      e.preventDefault();
      showSource(cite.getAttribute("href").slice(1));
      return;
    }
    var button = e.target.closest && e.target.closest("[data-pl-action]");
    if (!button) { return; }
    var action = button.getAttribute("data-pl-action");
    var card = button.closest(".pl-answer, .pl-sheet-frame");
    if (!card) { return; }
    if (action === "copy") { copyText(card.getAttribute("data-pl-text") || card.innerText, button); }
    if (action === "print") { printOne(card, card.classList.contains("pl-answer") ? "pl-print-one" : "pl-print-sheet"); }
  });

  // Streamlit keeps a chat page scrolled to its end. A new answer is shown from its start instead (from its help
  // card when it has one), and the first screen from its top; both give way as soon as the person scrolls.
  var userMoved = 0;
  ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (name) {
    document.addEventListener(name, function (e) { if (e.isTrusted) { userMoved = Date.now(); } },
      { passive: true, capture: true });
  });
  function scroller() { return document.querySelector('[data-testid="stAppScrollToBottomContainer"]'); }
  // Streamlit's container follows new content down unless it is scrolled by hand: a wheel event tells it so.
  function unstick() {
    var box = scroller();
    if (box) { box.dispatchEvent(new WheelEvent("wheel", { deltaY: -1, bubbles: true })); }
  }
  // One place at a time is held (the first screen's top, or a new answer's start) until the person scrolls,
  // types or clicks, or `ms` have passed: Streamlit may try to scroll down again as content arrives.
  var pin = null;
  function hold(place, ms) {
    pin = { place: place, since: Date.now(), until: Date.now() + ms };
    place();
  }
  window.setInterval(function () {
    if (!pin) { return; }
    if (userMoved > pin.since || Date.now() > pin.until) { pin = null; return; }
    pin.place();
  }, 100);
  P.reveal = function (id, say, help) {
    if (P.shown === id) { return; }
    P.shown = id;
    var announced = false;
    hold(function () {
      var card = document.getElementById(id);
      if (!card) { return; }
      if (!announced) { P.announce(say); announced = true; }
      var target = (help && card.querySelector(".pl-help")) || card;
      var top = target.getBoundingClientRect().top;
      if (top < 40 || top > window.innerHeight * 0.35) { unstick(); target.scrollIntoView({ block: "start" }); }
    }, 10000);
  };
  P.top = function (key) {
    if (P.topShown === key) { return; }
    P.topShown = key;
    hold(function () {
      var box = scroller();
      if (box && box.scrollTop > 0) { unstick(); box.scrollTop = 0; }
    }, 60000);
  };

  // The question box's limit and privacy note, shown above it and read out with it.
  function limitNote() {
    var input = document.querySelector('[data-testid="stChatInput"]');
    var box = document.querySelector('[data-testid="stChatInputTextArea"]');
    if (!input || !box || !C.limitNote) { return; }
    var note = document.getElementById("pl-limit");
    if (!note || !input.parentNode.contains(note)) {
      if (note) { note.remove(); }
      note = document.createElement("p");
      note.id = "pl-limit";
      note.className = "pl-limit";
      note.textContent = C.limitNote;
      input.parentNode.insertBefore(note, input);
    }
    if (box.getAttribute("aria-describedby") !== "pl-limit") { box.setAttribute("aria-describedby", "pl-limit"); }
    if (!box.id) { box.id = "pl-question"; }
    if (skip.getAttribute("href") !== "#" + box.id) { skip.setAttribute("href", "#" + box.id); }
  }

  function setTheme() {
    var app = document.querySelector(".stApp");
    if (!app) { return; }
    var rgb = (getComputedStyle(app).backgroundColor.match(/\d+(\.\d+)?/g) || ["255", "255", "255"]).map(Number);
    var light = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 128;
    var theme = light ? "light" : "dark";
    if (document.documentElement.getAttribute("data-pl-theme") !== theme) {
      document.documentElement.setAttribute("data-pl-theme", theme);
    }
  }
  setTheme();
  limitNote();
  window.setInterval(function () { setTheme(); limitNote(); }, 500);
})();
