// Small conveniences only: every page and form works without JavaScript.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A date picker marked data-autosubmit shows the page for the chosen day at once.
  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.value && input.form) { input.form.submit(); }
    });
  });
  // Ask before a merge: it changes many records at once (it can be undone from the log).
  document.querySelectorAll("form[action='/review/merge']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.querySelector("button").textContent + "?")) { event.preventDefault(); }
    });
  });
});
