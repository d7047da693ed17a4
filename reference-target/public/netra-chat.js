// Chat page (netra-apex dialect): token from ?token= or localStorage.jwt_token, start_agent then user_message.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var fromUrl = params.get('token');
  if (fromUrl) {
    localStorage.setItem('jwt_token', fromUrl);
    history.replaceState(null, '', location.pathname);
  }
  var token = localStorage.getItem('jwt_token');
  if (!token) {
    location.replace('/login');
    return;
  }
  // F5: a stale bundle still points at the retired endpoint.
  var stale = document.body.dataset.staleBundle === 'true';
  var byTestId = function (id) {
    return document.querySelector('[data-testid="' + id + '"]');
  };
  var indicator = byTestId('connection-status');
  var processing = byTestId('agent-processing');
  var list = byTestId('message-list');
  var errorBox = byTestId('chat-error');
  var input = byTestId('message-textarea');
  var send = byTestId('send-button');
  var form = document.getElementById('chat-form');
  var threadId = null;
  var draft = null;

  function base64url(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function addCard(role, text) {
    var card = document.createElement('div');
    card.setAttribute('role', 'article');
    card.className = role;
    card.dataset.testid = role + '-message';
    card.setAttribute('aria-label', role === 'assistant' ? 'Assistant message' : 'User message');
    card.textContent = text;
    list.appendChild(card);
    return card;
  }
  function showProcessing(text) {
    processing.hidden = false;
    processing.textContent = text;
  }

  var scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  var ws = new WebSocket(scheme + '//' + location.host + (stale ? '/websocket' : '/ws'), [
    'jwt-auth',
    'jwt.' + base64url(token),
  ]);
  ws.addEventListener('open', function () {
    indicator.textContent = document.body.dataset.connectedLabel || 'Connected';
    send.disabled = false;
    // The ui-page-error fault: an uncaught error that leaves the page working.
    if (document.body.dataset.pageError === 'true')
      setTimeout(function () {
        throw new Error('chat bundle: cannot read properties of undefined (reading "render")');
      }, 0);
  });
  ws.addEventListener('close', function () {
    indicator.textContent = 'Offline';
    send.disabled = true;
    processing.hidden = true;
  });
  ws.addEventListener('message', function (event) {
    var frame;
    try {
      frame = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    var data = frame.data || {};
    switch (frame.type) {
      case 'thread_created':
        threadId = data.thread_id;
        return;
      case 'agent_started':
        showProcessing('Agent started…');
        return;
      case 'agent_thinking':
        showProcessing('Thinking: ' + (data.reasoning || ''));
        return;
      case 'tool_executing':
        showProcessing('Running ' + frame.tool_name + '…');
        return;
      case 'tool_completed':
        showProcessing('Finished ' + frame.tool_name);
        return;
      case 'progress_update':
        if (!draft) draft = document.createElement('p');
        draft.textContent = (draft.textContent || '') + (data.content || '');
        showProcessing('Generating response… ' + (data.progress || 0) + '%');
        return;
      case 'agent_completed':
        processing.hidden = true;
        draft = null;
        addCard('assistant', (data.result && data.result.text) || JSON.stringify(data.result));
        return;
      case 'agent_error':
      case 'agent_death':
      case 'error':
      case 'error_message':
        processing.hidden = true;
        errorBox.textContent = 'Error: ' + (frame.error_code || data.error_code || frame.type);
        return;
    }
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || ws.readyState !== WebSocket.OPEN) return;
    addCard('user', text);
    var message = threadId
      ? { type: 'user_message', payload: { content: text, references: [], thread_id: threadId } }
      : {
          type: 'start_agent',
          payload: { user_request: text, thread_id: null, context: { source: 'chat' }, settings: {} },
        };
    ws.send(JSON.stringify(message));
    input.value = '';
    showProcessing('Sending…');
  });
})();
