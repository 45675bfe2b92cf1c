// The chat launcher and panel of the municipality's page: fetches a Direct Line token from the
// bot's own server and renders the official Web Chat. Keyboard: Enter/Space opens, Escape closes
// and returns focus to the launcher. On a phone (styles.css, under 600 px) the panel covers the
// screen, so it is a modal dialog there and Tab stays inside it.
// When the connection drops (the server restarts, the network goes), the chat reconnects by itself,
// without a reload and with a short notice: to the same conversation with a fresh token while its
// token is still good (the server keeps transcripts and its token secret across a restart), or to
// a new conversation when the old one cannot be had any more.
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
  var DIRECT_LINE = window.location.origin + '/v3/directline';
  /** The WebSocket stream of a Direct Line conversation on this server. */
  var STREAM_URL = /\/v3\/directline\/conversations\/[^/]+\/stream/;
  /** Pauses between attempts to reconnect: quick at first, then at most this long (a restart takes seconds). */
  var FIRST_RETRY_MS = 500;
  var LONGEST_RETRY_MS = 4000;
  var NOTICE_ID = 'connection';
  /** Direct Line client's connection states that it does not recover from by itself. */
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;

  var webChatStore;
  /** The Direct Line client in use; a replaced one is ended and its streams are ignored. */
  var current;
  var recovering = false;
  var attempts = 0;
  /** The notice to show once the new stream is open. */
  var onReconnected;

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
          // The person carries on: the notice that the connection is back has been read.
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && !recovering) dismissNotice();
          return next(action);
        };
      };
    });
  }

  /** A short notice at the top of the chat, in the page's language (Web Chat's toast). */
  function notice(level, attribute) {
    webChatStore.dispatch({ type: 'WEB_CHAT/SET_NOTIFICATION', payload: { id: NOTICE_ID, level: level, message: host.getAttribute(attribute) } });
  }

  function dismissNotice() {
    if (webChatStore) webChatStore.dispatch({ type: 'WEB_CHAT/DISMISS_NOTIFICATION', payload: { id: NOTICE_ID } });
  }

  function fetchJson(url, options) {
    return fetch(url, options).then(function (res) {
      if (!res.ok) {
        var error = new Error(url + ' ' + res.status);
        error.status = res.status;
        throw error;
      }
      return res.json();
    });
  }

  /**
   * Tells the chat when the stream of the Direct Line client in use closes or opens: the client
   * itself waits up to 15 s before it tries again, then 20 s between tries, and gives no sign.
   */
  function watchStreams() {
    var NativeWebSocket = window.WebSocket;
    if (!NativeWebSocket) return;
    var Watched = function (url, protocols) {
      var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
      if (STREAM_URL.test(String(url))) {
        var owner = current;
        ws.addEventListener('open', function () { streamOpened(owner); });
        ws.addEventListener('close', function () { connectionLost(owner); });
      }
      return ws;
    };
    Watched.prototype = NativeWebSocket.prototype;
    ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) { Watched[name] = NativeWebSocket[name]; });
    window.WebSocket = Watched;
  }

  function streamOpened(owner) {
    if (owner !== current) return;
    attempts = 0;
    if (onReconnected) {
      onReconnected();
      onReconnected = undefined;
    }
  }

  function connectionLost(owner) {
    if (owner !== current || recovering) return;
    recovering = true;
    notice('warn', 'data-reconnecting');
    reconnect(owner);
  }

  /**
   * The same conversation with a fresh token while the old token is good; a new conversation when
   * the server refuses it (expired, or a server with another secret); a later try when it does not
   * answer. The Web Chat keeps its transcript: only its Direct Line client is replaced.
   */
  function reconnect(lost) {
    // Spread a little, so that the chats open when a server comes back do not all ask at once.
    var wait = Math.min(FIRST_RETRY_MS * Math.pow(2, attempts), LONGEST_RETRY_MS) * (0.75 + Math.random() * 0.5);
    attempts += 1;
    setTimeout(function () {
      fetchJson(DIRECT_LINE + '/tokens/refresh', { method: 'POST', headers: { authorization: 'Bearer ' + lost.token } })
        .then(function (fresh) {
          connect({ token: fresh.token, conversationId: lost.conversationId, watermark: lost.watermark }, 'data-reconnected');
        }, function (error) {
          if (error.status !== 403) throw error;
          return fetchJson('/api/directline/token', { method: 'POST' }).then(function (session) {
            connect({ token: session.token }, 'data-restarted');
          });
        })
        .catch(function () {
          reconnect(lost);
        });
    }, wait);
  }

  function connect(options, reconnectedNotice) {
    var directLine = window.WebChat.createDirectLine(Object.assign({ domain: DIRECT_LINE, webSocket: true }, options));
    var previous = current;
    current = directLine;
    recovering = false;
    if (reconnectedNotice) {
      onReconnected = function () { notice(reconnectedNotice === 'data-restarted' ? 'info' : 'success', reconnectedNotice); };
    }
    directLine.connectionStatus$.subscribe(function (status) {
      if (status === EXPIRED_TOKEN || status === FAILED_TO_CONNECT) connectionLost(directLine);
    });
    render(directLine);
    if (previous) previous.end();
  }

  function start() {
    return fetchJson('/api/directline/token', { method: 'POST' })
      .then(function (session) {
        webChatStore = store();
        if (session.domain) {
          // Azure's Direct Line: its own client recovers as it can.
          render(window.WebChat.createDirectLine({ token: session.token, domain: session.domain, webSocket: true }));
        } else {
          watchStreams();
          connect({ token: session.token });
        }
        setTimeout(focusSendBox, 300);
      })
      .catch(function () {
        host.textContent = host.getAttribute('data-error');
      });
  }

  function render(directLine) {
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: webChatStore,
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
