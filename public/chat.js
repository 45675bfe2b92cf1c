// The chat launcher and panel of the municipality's page: fetches a Direct Line token from the
// bot's own server and renders the official Web Chat. Keyboard: Enter/Space opens, Escape closes
// and returns focus to the launcher.
(function () {
  'use strict';
  var launcher = document.getElementById('chat-launcher');
  var panel = document.getElementById('chat-panel');
  var closeButton = document.getElementById('chat-close');
  var host = document.getElementById('webchat');
  var started = false;

  function accent() {
    return getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#0b4f8a';
  }

  function focusSendBox() {
    var input = host.querySelector('[data-id="webchat-sendbox-input"]');
    if (input) input.focus();
  }

  function start() {
    return fetch('/api/directline/token', { method: 'POST' })
      .then(function (res) {
        if (!res.ok) throw new Error('token ' + res.status);
        return res.json();
      })
      .then(function (session) {
        var directLine = window.WebChat.createDirectLine({
          token: session.token,
          domain: session.domain || window.location.origin + '/v3/directline',
          webSocket: true,
        });
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            locale: host.getAttribute('data-locale'),
            styleOptions: {
              accent: accent(),
              bubbleFromUserBackground: '#e6eef6',
              suggestedActionLayout: 'flow',
              hideUploadButton: true,
              primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
            },
          },
          host,
        );
        setTimeout(focusSendBox, 300);
      })
      .catch(function () {
        host.textContent = host.getAttribute('data-error');
      });
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    if (!started) {
      started = true;
      start();
    } else {
      focusSendBox();
    }
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', function () {
    if (panel.hidden) open();
    else close();
  });
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close();
  });
})();
