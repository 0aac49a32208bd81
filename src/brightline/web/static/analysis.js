// Copy buttons: <button data-copy="ELEMENT-ID"> copies that element's text (the words to say).
// A choice shown in full: <p data-chosen-for="SELECT-ID"> follows the select's chosen option.
// A file, not inline script: the Content Security Policy allows scripts from this origin only.
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
  if (!button) { return; }
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) { return; }
  var text = source.textContent.trim();
  var done = function () {
    var label = button.textContent;
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, function () { select(source); });
  } else {
    select(source);
  }
});
function select(element) {
  var range = document.createRange();
  range.selectNodeContents(element);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}
document.addEventListener("change", function (event) {
  var field = event.target;
  if (!field.id || field.tagName !== "SELECT") { return; }
  var shown = document.querySelector('[data-chosen-for="' + field.id + '"]');
  if (shown && field.selectedIndex >= 0) { shown.textContent = field.options[field.selectedIndex].text; }
});
