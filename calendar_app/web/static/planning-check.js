// The inclusive planning check while the dates are chosen (activity form). When the
// start or end date changes, fetch the overlapping observances from the same check
// the "Check dates" button runs, and show them in the aria-live region. Without this
// script the button still works.
(function () {
  var region = document.getElementById("planning-check-live");
  var start = document.getElementById("start_date");
  var end = document.getElementById("end_date");
  if (!region || !start || !end || !window.fetch) { return; }
  var latest = 0;
  function update() {
    if (!start.value) { return; }
    var ask = ++latest;
    var url = new URL(region.getAttribute("data-check-url"), window.location.href);
    url.searchParams.set("from", start.value);
    url.searchParams.set("to", end.value || start.value);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && ask === latest) { region.innerHTML = html; }
      })
      .catch(function () { /* the button remains the way to check */ });
  }
  start.addEventListener("change", update);
  end.addEventListener("change", update);
})();
