// Triage wizard: "None of these" and the lines of a checklist exclude each other.
// Progressive enhancement: without it, ticked lines simply win over "None of these".
// No inline script or eval, so it runs under the strict CSP; delegated, so htmx swaps need nothing.
// It listens in the capture phase, before htmx's own listener posts the form for an in-place update,
// so the server sees the boxes as the person left them (a stale tick would keep "call now" showing).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".question--checklist input[type=checkbox]") || !box.checked) return;
    var others = box.closest(".choices").querySelectorAll("input[type=checkbox]");
    Array.prototype.forEach.call(others, function (other) {
      if (other !== box && (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive"))) {
        other.checked = false;
      }
    });
  }, true);
})();
