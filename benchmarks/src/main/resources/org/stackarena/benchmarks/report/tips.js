// StackArena report: tooltips for elements with a data-tip attribute (the success matrix).
(function () {
  var tip = document.getElementById('tip');
  document.querySelectorAll('[data-tip]').forEach(function (el) {
    el.addEventListener('mousemove', function (ev) {
      tip.textContent = el.getAttribute('data-tip');
      tip.style.display = 'block';
      tip.style.left = (ev.clientX + window.scrollX + 12) + 'px';
      tip.style.top = (ev.clientY + window.scrollY + 12) + 'px';
    });
    el.addEventListener('mouseleave', function () {
      tip.style.display = 'none';
    });
  });
})();
