// The chat launcher and panel of the municipality's page: fetches a Direct Line token from the
// bot's own server and renders the official Web Chat. Keyboard: Enter/Space opens, Escape closes
// and returns focus to the launcher. On a phone (styles.css, under 600 px) the panel covers the
// screen, so it is a modal dialog there and Tab stays inside it.
(function () {
  'use strict';
  var launcher = document.getElementById('chat-launcher');
  var panel = document.getElementById('chat-panel');
  var closeButton = document.getElementById('chat-close');
  var host = document.getElementById('webchat');
  var started = false;
  var phone = window.matchMedia('(max-width: 600px)');
  /** Suggestions shown under a reply at most: more would push the answer itself off a phone's screen. */
  var SUGGESTIONS_SHOWN = 3;

  function accent() {
    return getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#0b4f8a';
  }

  function focusSendBox() {
    var input = host.querySelector('[data-id="webchat-sendbox-input"]');
    if (input) input.focus();
  }

  function isLanguageSwitch(action) {
    return action && action.value && typeof action.value === 'object' && action.value.action === 'language';
  }

  /** At most three suggestions; the language switch, a control rather than a suggestion, is kept among them. */
  function fewerSuggestions(activity) {
    var actions = activity.suggestedActions && activity.suggestedActions.actions;
    if (!actions || actions.length <= SUGGESTIONS_SHOWN) return activity;
    var language = actions.filter(isLanguageSwitch).slice(0, 1);
    var others = actions.filter(function (a) { return !isLanguageSwitch(a); });
    var kept = others.slice(0, SUGGESTIONS_SHOWN - language.length).concat(language);
    return Object.assign({}, activity, { suggestedActions: Object.assign({}, activity.suggestedActions, { actions: kept }) });
  }

  function store() {
    return window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity) {
            action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: fewerSuggestions(action.payload.activity) }) });
          }
          return next(action);
        };
      };
    });
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
            store: store(),
            locale: host.getAttribute('data-locale'),
            styleOptions: {
              accent: accent(),
              bubbleFromUserBackground: '#e6eef6',
              suggestedActionLayout: 'flow',
              // A long answer card: scrolling stops once new messages fill the transcript, so that the
              // start of the answer stays in view instead of its end (the sources and the rating).
              autoScrollSnapOnPage: true,
              autoScrollSnapOnPageOffset: 0,
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

  /** What Tab can reach inside the panel, in order. */
  function focusables() {
    return Array.prototype.filter.call(
      panel.querySelectorAll('button, [href], input, textarea, select, [tabindex]:not([tabindex="-1"])'),
      function (el) { return !el.disabled && el.getClientRects().length > 0; },
    );
  }

  /** On a phone the panel is the whole screen: Tab from its last control goes to its first, and back. */
  function keepFocusInside(event) {
    if (event.key !== 'Tab' || !phone.matches) return;
    var items = focusables();
    if (items.length === 0) return;
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function open() {
    panel.hidden = false;
    panel.setAttribute('aria-modal', phone.matches ? 'true' : 'false');
    document.body.classList.add('chat-open');
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
    document.body.classList.remove('chat-open');
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
    else keepFocusInside(event);
  });
})();
