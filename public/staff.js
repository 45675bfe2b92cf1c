// Staff console: draws the questions chart from its JSON data block and asks before erasing
// personal data. No inline scripts: the page's Content-Security-Policy forbids them.
(function () {
  'use strict';
  var data = document.getElementById('questions-data');
  var canvas = document.getElementById('questions-chart');
  if (data && canvas && window.Chart) {
    var d = JSON.parse(data.textContent);
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: d.labels,
        datasets: [
          { label: d.names[0], data: d.questions, borderColor: '#0b4f8a', backgroundColor: '#0b4f8a' },
          { label: d.names[1], data: d.answered, borderColor: '#2e7d32', backgroundColor: '#2e7d32' },
        ],
      },
      options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
})();
