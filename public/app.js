// Progressive enhancement only: every page works without this file.
// GOV.UK behaviour for the error summary: it takes focus when the page
// loads, and its links move focus to the field (the first option of a group)
// while keeping the question's label or legend in view.
(function () {
  'use strict';
  var summary = document.querySelector('.error-summary');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link) return;
    var target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    var fieldset = target.closest('fieldset');
    var legend = fieldset && target.type === 'radio' ? fieldset.querySelector('legend') : null;
    var label = legend || document.querySelector('label[for="' + target.id + '"]') || target;
    label.scrollIntoView();
    target.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, '', '#' + target.id);
  });
})();
