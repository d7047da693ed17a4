// Chat page (default dialect): WebSocket with the browser's subprotocol auth, agent events into the conversation.
(function () {
  'use strict';
  function storedToken(store) {
    if (store === 'localStorage') return localStorage.getItem('gp_token');
    if (store === 'cookie') {
      var hit = document.cookie.split('; ').filter(function (c) {
        return c.indexOf('gp_token=') === 0;
      })[0];
      return hit ? decodeURIComponent(hit.slice('gp_token='.length)) : null;
    }
    if (store === 'url') {
      var fromUrl = new URLSearchParams(location.hash.slice(1)).get('token');
      // Out of the address bar (and history) at once.
      if (fromUrl) history.replaceState(null, '', location.pathname);
      return fromUrl;
    }
    return sessionStorage.getItem('gp_token');
  }
  var token = storedToken(document.body.dataset.tokenStore);
  if (!token) {
    location.replace('/login');
    return;
  }
  // F5: a stale bundle speaks an older subprotocol format the backend no longer accepts.
  var stale = document.body.dataset.staleBundle === 'true';
  var indicator = document.getElementById('connection');
  var agentStatus = document.getElementById('agent-status');
  var input = document.getElementById('message');
  var send = document.getElementById('send');
  var list = document.getElementById('conversation');
  var draft = document.getElementById('draft');
  var form = document.getElementById('chat-form');
  var threadId = null;

  function base64url(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function setConnection(state) {
    indicator.setAttribute('aria-label', 'Connection: ' + state);
    indicator.textContent = state;
  }
  function addItem(role, text) {
    var li = document.createElement('li');
    li.className = role;
    li.setAttribute('aria-label', role === 'assistant' ? 'Assistant message' : 'User message');
    li.textContent = text;
    list.appendChild(li);
  }

  setConnection('Connecting');
  var scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  var protocols = stale ? ['jwt-auth', 'bearer.' + token] : ['jwt-auth', 'jwt.' + base64url(token)];
  var ws = new WebSocket(scheme + '//' + location.host + '/ws', protocols);

  ws.addEventListener('message', function (event) {
    var frame;
    try {
      frame = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (frame.thread_id && frame.type !== 'error') threadId = frame.thread_id;
    switch (frame.type) {
      case 'connection_established':
        setConnection(document.body.dataset.connectedLabel || 'Connected');
        send.disabled = false;
        // The ui-page-error fault: an uncaught error that leaves the page working.
        if (document.body.dataset.pageError === 'true')
          setTimeout(function () {
            throw new Error('chat bundle: cannot read properties of undefined (reading "render")');
          }, 0);
        return;
      case 'pong':
      case 'heartbeat':
        return;
      case 'stream_chunk':
        draft.textContent += frame.content || '';
        break;
      case 'agent_completed':
        draft.textContent = '';
        addItem('assistant', frame.final_response);
        break;
      case 'agent_error':
      case 'error':
        draft.textContent = '';
        document.getElementById('chat-error').textContent = 'The agent failed: ' + (frame.code || frame.type);
        break;
    }
    agentStatus.textContent = frame.type;
  });
  ws.addEventListener('close', function (event) {
    setConnection('Offline');
    send.disabled = true;
    agentStatus.textContent = 'connection closed (' + event.code + ')';
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || ws.readyState !== WebSocket.OPEN) return;
    addItem('user', text);
    var payload = threadId ? { content: text, thread_id: threadId } : { content: text };
    ws.send(JSON.stringify({ type: 'user_message', payload: payload }));
    input.value = '';
    agentStatus.textContent = 'sent';
  });
})();
