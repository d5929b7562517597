// "Print" buttons on the summary and the warning-signs card. Hidden without JavaScript (the page
// says to use the browser's Print instead); delegated, so a summary swapped in by htmx works too.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();
