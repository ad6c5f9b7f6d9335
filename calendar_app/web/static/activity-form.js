// Activity form: the programme (sessions) belongs to a synergy day only, so it is shown
// only while "Synergy day" is chosen. Without this script the programme stays visible,
// with its hint saying it is only for a synergy day.
(function () {
  var programme = document.getElementById("programme");
  var kinds = document.querySelectorAll('input[name="kind"]');
  if (!programme || !kinds.length) { return; }
  function sync() {
    var chosen = document.querySelector('input[name="kind"]:checked');
    programme.hidden = !(chosen && chosen.value === "synergy-day");
  }
  for (var i = 0; i < kinds.length; i++) { kinds[i].addEventListener("change", sync); }
  sync();
})();
