// Chat page (default dialect): WebSocket with the browser's subprotocol auth, agent events into the conversation.
(function () {
  'use strict';
  var token = sessionStorage.getItem('gp_token');
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
        setConnection('Connected');
        send.disabled = false;
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
