// Earshot console: live inbox (polling) and one-key shortcuts. No framework, no build.
// The server renders (and escapes) every row; this file only swaps in server HTML.
(function () {
  "use strict";
  var POLL_MS = 4000;

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr.row")); }

  function focusRow(delta) {
    var list = rows();
    if (!list.length) return;
    var i = list.indexOf(document.activeElement);
    var next = list[Math.max(0, Math.min(list.length - 1, i < 0 ? 0 : i + delta))];
    next.focus();
  }

  document.addEventListener("click", function (e) {
    var row = e.target.closest && e.target.closest("tr.row");
    if (row && !e.target.closest("a,button,input,select,textarea")) location.href = row.getAttribute("data-href");
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
    var k = e.key;
    if (k === "j") { focusRow(1); e.preventDefault(); return; }
    if (k === "k") { focusRow(-1); e.preventDefault(); return; }
    if (k === "Enter" && document.activeElement && document.activeElement.matches("tr.row")) {
      location.href = document.activeElement.getAttribute("data-href"); return;
    }
    var row = document.activeElement && document.activeElement.matches && document.activeElement.matches("tr.row[data-type]") ? document.activeElement : null;
    if (row && inboxAction(row, k)) { e.preventDefault(); return; }
    if (k === "?") { var s = document.querySelector(".small.muted"); if (s) s.scrollIntoView(); return; }
    var btn = document.querySelector('[data-key="' + k + '"]');
    if (btn && !btn.disabled) { e.preventDefault(); btn.click(); return; }
    var focusTarget = document.querySelector('[data-focus-key="' + k + '"]');
    if (focusTarget) { e.preventDefault(); var first = focusTarget.form && focusTarget.form.querySelector("select,input,textarea"); (first || focusTarget).focus(); }
  });

  function csrf() { var i = document.querySelector('input[name="_csrf"]'); return i ? i.value : ""; }

  function say(msg) { var s = document.getElementById("action-status"); if (s) s.textContent = msg; }

  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": csrf() }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.message || r.status); return j; }); });
  }

  // One-key actions on the focused inbox row; the server checks every permission.
  function inboxAction(row, k) {
    var type = row.getAttribute("data-type"), id = row.getAttribute("data-id");
    var act = null;
    if (type === "incident" && k === "a") act = function () { return post("/api/incidents/" + id + "/ack", {}).then(function () { say("#" + id + " acknowledged"); refresh(); }); };
    if (type === "incident" && k === "c") act = function () { return post("/api/cases", { incidentId: Number(id) }).then(function (c) { location.href = "/cases/" + c.id; }); };
    if (type === "case" && (k === "n" || k === "m")) act = function () {
      return post("/api/cases/" + id + "/transitions", { action: "judge_validity", validity: k === "n" ? "not_a_complaint" : "malicious" }).then(function () { say("#" + id + " dismissed"); refresh(); });
    };
    if (!act) return false;
    act().catch(function (err) { say(String(err.message || err)); });
    return true;
  }

  var refresh = function () {};
  var body = document.getElementById("inbox-rows");
  if (body) {
    var url = body.getAttribute("data-poll");
    var busy = false;
    var lastHtml = null;
    var poll = function () {
      if (busy || document.hidden) return;
      busy = true;
      fetch(url, { credentials: "same-origin", headers: { accept: "text/html" } })
        .then(function (r) {
          if (r.status === 401 || r.redirected) { return null; }
          return r.ok ? r.text().then(function (html) { return { html: html, at: r.headers.get("x-updated-at") }; }) : null;
        })
        .then(function (res) {
          if (!res) return;
          var at = document.getElementById("updated-at");
          if (at && res.at) at.textContent = res.at.replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
          // Compare with the last server answer, not innerHTML (the browser re-serialises it): replace only on change.
          if (res.html === lastHtml) return;
          lastHtml = res.html;
          var focusedId = document.activeElement && document.activeElement.getAttribute && document.activeElement.getAttribute("data-href");
          body.innerHTML = res.html;
          if (focusedId) { var again = body.querySelector('tr[data-href="' + focusedId + '"]'); if (again) again.focus(); }
        })
        .catch(function () { /* offline for a moment: try again next tick */ })
        .then(function () { busy = false; });
    };
    refresh = poll;
    setInterval(poll, POLL_MS);
  }
})();
