// "Copy" buttons on the subscribe page: copy the address next to the button.
// Works without this script too: the address is in a read-only text field.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) { return; }
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById(button.getAttribute("data-status"));
  field.select();
  var done = function () { status.textContent = button.getAttribute("data-done"); };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
  } else {
    document.execCommand("copy");
    done();
  }
});
document.querySelectorAll("button[data-copy]").forEach(function (button) { button.hidden = false; });
