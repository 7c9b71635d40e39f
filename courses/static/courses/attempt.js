// The attempt page: a countdown that submits at zero, and answers saved as the learner
// goes. The server keeps the real deadline and grades; this script only makes sure that
// a closed tab, a lost connection or a second tab loses as little work as possible:
// - every change is kept on this device (localStorage) until the server has it;
// - changed answers are saved in the background every few seconds and when the page is
//   hidden; each post says what the page was showing as saved (seen-<id>), so the
//   server never lets a question this page did not touch overwrite another tab's answer;
// - leaving with unsaved changes asks first.
(function () {
  "use strict";
  var PREFIX = "saban-bai-lam-";
  var closed = document.querySelector("[data-attempt-closed]");
  if (closed) {  // the review page: the attempt is over, its draft can go
    try { window.localStorage.removeItem(PREFIX + closed.dataset.attemptClosed); } catch (e) { /* private mode */ }
    return;
  }
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var key = PREFIX + form.dataset.attempt;
  var status = document.getElementById("autosave-status");
  var changes = 0, saved = 0, refused = -1, busy = false, leaving = false, soon = null;

  function say(name, time) {
    if (status && status.dataset[name]) {
      status.textContent = status.dataset[name].replace("{time}", time || "");
    }
  }

  function questionOf(name) { return name.split("-")[1]; }

  function state() {
    var fields = {}, seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) { return; }
      if (el.name.indexOf("seen-") === 0) { seen[el.name.slice(5)] = el.value; }
      if (el.name.indexOf("q-") !== 0) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      (fields[el.name] = fields[el.name] || []).push(el.value);
    });
    return { fields: fields, seen: seen };
  }

  function keep() {
    try { window.localStorage.setItem(key, JSON.stringify(state())); } catch (e) { /* full or private */ }
  }

  function forget() {
    try { window.localStorage.removeItem(key); } catch (e) { /* private mode */ }
  }

  // Answers typed here but never saved (tab closed, connection lost) come back, question
  // by question, unless the server has saved that question since from elsewhere.
  function restore() {
    var draft = null;
    try { draft = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
    if (!draft || !draft.fields || !draft.seen) { return; }
    var now = state(), restored = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("q-") !== 0) { return; }
      var question = questionOf(el.name);
      if (draft.seen[question] !== now.seen[question]) { return; }
      var values = draft.fields[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") {
        var on = values.indexOf(el.value) !== -1;
        if (el.checked !== on) { el.checked = on; restored = true; }
      } else if (el.value !== (values[0] || "")) {
        el.value = values[0] || "";
        restored = true;
      }
    });
    if (restored) {
      changes += 1;
      say("restored");
      soon = window.setTimeout(function () { soon = null; saveNow(false); }, 1000);
    } else {
      forget();
    }
  }

  function saveNow(keepalive) {
    if (busy || leaving || changes === saved || changes === refused) { return; }
    busy = true;
    var sending = changes, body = new FormData(form);
    body.set("action", "save");
    body.set("autosave", "1");
    say("saving");
    // Not form.action: the buttons named "action" shadow it.
    window.fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin", keepalive: !!keepalive,
      headers: { Accept: "application/json" }
    }).then(function (response) {
      // A login page instead of JSON: the session ended; the draft stays on this device.
      if ((response.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
        throw new Error("not json");
      }
      return response.json();
    }).then(function (reply) {
      busy = false;
      if (reply.closed) {
        leaving = true;
        window.location.assign(reply.url);
        return;
      }
      if (!reply.saved) {  // an answer to correct first: try again after the next change
        refused = sending;
        if (status) { status.textContent = reply.message || ""; }
        return;
      }
      Object.keys(reply.seen).forEach(function (question) {
        var input = form.elements["seen-" + question];
        if (input) { input.value = reply.seen[question]; }
      });
      saved = sending;
      if (changes === saved) { forget(); } else { keep(); }
      if (reply.elsewhere) { say("elsewhere"); } else { say("saved", reply.at); }
    }).catch(function () {
      busy = false;
      say("offline");
    });
  }

  // A change is saved a few seconds later (a burst of clicks makes one request); what
  // could not be saved is tried again every ten seconds.
  function changed() {
    changes += 1;
    keep();
    if (!soon) {
      soon = window.setTimeout(function () { soon = null; saveNow(false); }, 3000);
    }
  }

  // Answers given before this script arrived (a slow link) count as changes too.
  function answeredEarly() {
    return Array.prototype.some.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("q-") !== 0) { return false; }
      if (el.type === "radio" || el.type === "checkbox") { return el.checked !== el.defaultChecked; }
      if (el.options) {  // with no option marked selected, the first one shows
        var shown = 0;
        Array.prototype.forEach.call(el.options, function (o, n) { if (o.defaultSelected) { shown = n; } });
        return el.selectedIndex !== shown;
      }
      return el.value !== el.defaultValue;
    });
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { leaving = true; });
  window.setInterval(function () { saveNow(false); }, 10000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { saveNow(true); }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && changes !== saved) {
      saveNow(true);
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Shown again from the back-forward cache (after submitting, say): ask the server.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
  say("ready");
  restore();
  // A post sent back to be corrected is on screen but not saved: keep it on this device.
  if (answeredEarly() || form.querySelector(".question .error")) { changed(); }

  // Submitting is final: with questions left unanswered, the learner is asked first
  // (not when the countdown submits at zero).
  function unanswered() {
    return Array.prototype.filter.call(form.querySelectorAll("fieldset.question"), function (set) {
      return !Array.prototype.some.call(set.querySelectorAll("input, select"), function (el) {
        if (!el.name || el.name.indexOf("q-") !== 0) { return false; }
        if (el.type === "radio" || el.type === "checkbox") { return el.checked; }
        return el.value.trim() !== "";
      });
    }).length;
  }
  var submitButton = document.getElementById("submit-attempt");
  if (submitButton && submitButton.dataset.confirmUnanswered) {
    submitButton.addEventListener("click", function (event) {
      var left = leaving ? 0 : unanswered();
      if (left && !window.confirm(submitButton.dataset.confirmUnanswered.replace("{count}", left))) {
        event.preventDefault();
      }
    });
  }

  // The countdown: shows the time left and submits at zero. The server keeps the real
  // deadline (with a short grace); this only saves the learner a late, ungraded answer.
  var box = document.getElementById("countdown");
  var value = document.getElementById("countdown-value");
  var submit = document.getElementById("submit-attempt");
  if (!box || !value) { return; }
  var end = Date.now() + parseInt(box.dataset.seconds, 10) * 1000;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    value.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
    if (left <= 60) { box.classList.add("is-low"); }
    if (left === 0 && !leaving) {
      leaving = true;
      if (form.requestSubmit && submit) { form.requestSubmit(submit); } else if (submit) { submit.click(); }
      return;
    }
    if (left > 0) { window.setTimeout(tick, 1000); }
  }
  tick();
})();
