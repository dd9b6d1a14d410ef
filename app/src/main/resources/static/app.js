// Rill's small web client: plain DOM, no framework, no build step. See docs/web-client.md.
'use strict';

const AUTH_KEY = 'rill.auth';   // {access_token, refresh_token, user}
const ROOM_KEY = 'rill.room';   // the open room's ID
const RUN_KEY = 'rill.run';     // the answer being streamed: {chatId, runId, lastId, text}, so a reload can resume

const $ = (id) => document.getElementById(id);

let auth = load(AUTH_KEY);
let room = null;          // the open room's ID, null for a conversation not started yet
let run = null;           // the answer being streamed, as in RUN_KEY, plus its bubble
let source = null;        // the EventSource following a run after a reload or a broken stream
let refreshing = null;    // the one refresh in flight: refresh tokens are single-use

function load(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key));
  } catch {
    return null;
  }
}

function save(key, value) {
  if (value == null) {
    sessionStorage.removeItem(key);
  } else {
    sessionStorage.setItem(key, JSON.stringify(value));
  }
}

// ---------------------------------------------------------------------------------------------------- HTTP

async function api(path, { method = 'GET', body, raw = false } = {}) {
  const send = () => fetch(path, {
    method,
    headers: {
      ...(auth ? { Authorization: `Bearer ${auth.access_token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let response = await send();
  if (response.status === 401 && auth && await refresh()) {
    response = await send();
  }
  if (raw) {
    return response;
  }
  if (!response.ok) {
    throw await problem(response);
  }
  return response.status === 200 || response.status === 201 ? response.json() : null;
}

async function problem(response) {
  try {
    const document = await response.json();
    return new Error(document.detail || document.title || `HTTP ${response.status}`);
  } catch {
    return new Error(`HTTP ${response.status}`);
  }
}

function refresh() {
  if (!auth || !auth.refresh_token) {
    return Promise.resolve(false);
  }
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: auth.refresh_token }),
  }).then(async (response) => {
    if (!response.ok) {
      signOut();
      return false;
    }
    const pair = await response.json();
    auth = { ...auth, access_token: pair.access_token, refresh_token: pair.refresh_token };
    save(AUTH_KEY, auth);
    return true;
  }).catch(() => false).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

// Reads a text/event-stream body and calls onEvent(event, id) for each event; comments (heartbeats) are skipped.
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id = null;
      let data = null;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const fieldValue = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') {
          id = Number(fieldValue);
        } else if (field === 'data') {
          data = data === null ? fieldValue : `${data}\n${fieldValue}`;
        }
      }
      if (data !== null) {
        onEvent(JSON.parse(data), id);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------- views

function show(signedIn) {
  $('auth-section').hidden = signedIn;
  $('app').hidden = !signedIn;
  $('who').hidden = !signedIn;
  $('who-name').textContent = signedIn && auth.user ? `Signed in as ${auth.user.nickname}` : '';
}

function messageItem(role, text, state) {
  const item = document.createElement('li');
  item.className = `message ${role}`;
  if (state) {
    item.dataset.state = state;
  }
  const label = document.createElement('span');
  label.className = 'role';
  label.textContent = role === 'user' ? 'You' : role;
  const body = document.createElement('div');
  body.className = 'text';
  body.textContent = text;
  item.append(label, body);
  $('messages').append(item);
  return item;
}

function setStatus(text) {
  $('run-status').textContent = text;
}

function setError(text) {
  $('chat-error').textContent = text || '';
}

function logEvent(id, text) {
  const item = document.createElement('li');
  item.textContent = `#${id ?? '?'} ${text}`;
  $('events').append(item);
}

function setRunning(running) {
  document.body.dataset.run = running ? 'streaming' : 'idle';
  $('send-button').disabled = running;
  $('stop-button').disabled = !running;
}

// ---------------------------------------------------------------------------------------------------- rooms

async function loadRooms() {
  const page = await api('/api/chats?limit=50');
  const list = $('rooms');
  list.replaceChildren();
  for (const each of page.results) {
    const item = document.createElement('li');
    item.classList.toggle('current', each.id === room);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = each.title || 'Untitled room';
    button.dataset.chatId = each.id;
    button.addEventListener('click', () => openRoom(each.id).catch((e) => setError(e.message)));
    item.append(button);
    list.append(item);
  }
}

// Shows a room's stored messages. `skipRun` leaves out the answer of a run this page is still streaming: it may
// have been stored since the page last saw an event, and the stream will show it anyway.
async function openRoom(chatId, skipRun = null) {
  if (run && !skipRun) {
    setError('Wait for the answer to finish, or stop it, before changing rooms.');
    return;
  }
  const chat = await api(`/api/chats/${chatId}?messages_limit=100`);
  room = chat.id;
  save(ROOM_KEY, room);
  $('chat-title').textContent = chat.title || 'Untitled room';
  $('messages').replaceChildren();
  $('share-button').disabled = false;
  $('share-link').replaceChildren();
  if (chat.is_shared) {
    showShareLink(`/api/shared/${chat.id}`);
  }
  $('tool').textContent = '';
  setStatus('');
  setError('');
  for (const message of chat.messages) {
    if (skipRun && message.run_id === skipRun && message.role !== 'user') {
      continue;
    }
    messageItem(message.role, message.content && message.content.message || '', message.status);
  }
  for (const item of $('rooms').children) {
    item.classList.toggle('current', item.firstChild.dataset.chatId === room);
  }
}

function newConversation() {
  room = null;
  save(ROOM_KEY, null);
  $('chat-title').textContent = 'New conversation';
  $('messages').replaceChildren();
  $('share-button').disabled = true;
  $('share-link').replaceChildren();
}

function showShareLink(publicUrl) {
  const link = document.createElement('a');
  link.id = 'public-link';
  link.href = new URL(publicUrl, window.location.href).href;
  link.textContent = link.href;
  link.target = '_blank';
  link.rel = 'noopener';
  $('share-link').replaceChildren('Public link: ', link);
}

// ---------------------------------------------------------------------------------------------------- runs

function startRun(chatId) {
  $('events').replaceChildren();
  $('recipe-links').replaceChildren();
  $('recipe').hidden = true;
  $('tool').textContent = '';
  setError('');
  run = { chatId, runId: null, lastId: 0, text: '', bubble: messageItem('assistant', '', 'streaming') };
  setRunning(true);
}

function persistRun() {
  save(RUN_KEY, run && { chatId: run.chatId, runId: run.runId, lastId: run.lastId, text: run.text,
    tool: $('tool').textContent });
}

// Applies one event of the run. Events at or below the last applied ID are skipped, so a replay never duplicates.
function handleEvent(event, id) {
  if (!run || (id !== null && id <= run.lastId)) {
    return;
  }
  switch (event.type) {
    case 'start':
      run.runId = event.run_id;
      run.chatId = event.chat_id;
      if (room !== event.chat_id) {
        room = event.chat_id;
        save(ROOM_KEY, room);
        $('share-button').disabled = false;
      }
      run.bubble.dataset.runId = event.run_id;
      logEvent(id, 'start');
      break;
    case 'tool_selection':
      if (typeof event.content === 'string') {
        setStatus(event.content);
      } else if (event.content) {
        const choice = event.content;
        $('tool').textContent = `Tool: ${choice.tool} (router: ${choice.router}, confidence ${choice.confidence})`
          + (choice.reason ? `. ${choice.reason}` : '');
        $('tool').dataset.tool = choice.tool;
      }
      logEvent(id, `tool_selection ${JSON.stringify(event.content)}`);
      break;
    case 'new_recipe_message':
      addRecipeLink(event.recipe_id);
      logEvent(id, `new_recipe_message ${event.recipe_id}`);
      break;
    case 'end': {
      const status = event.result && event.result.status || 'complete';
      logEvent(id, `end ${status}`);
      run.lastId = id;
      if (event.result && event.result.recipe_image === 'pending') {
        setStatus(`Answer ${status}; the recipe's picture is on its way`);
        run.bubble.dataset.state = status;
        persistRun();
        return;
      }
      finishRun(status, `Answer ${status}`);
      return;
    }
    case 'error':
      logEvent(id, `error ${event.error || ''}`);
      setError(event.detail || 'The answer failed');
      finishRun('failed', 'Answer failed');
      return;
    case 'recipe_image':
      logEvent(id, `recipe_image ${event.status}`);
      finishRun(run.bubble.dataset.state || 'complete', `Answer ${run.bubble.dataset.state || 'complete'}`);
      return;
    default:
      if (typeof event.delta === 'string') {
        run.text += event.delta;
        run.bubble.querySelector('.text').textContent = run.text;
      } else if (typeof event.content === 'string') {
        setStatus(event.content);
        logEvent(id, `${event.type} ${event.content}`);
      } else if (event.content !== undefined) {
        logEvent(id, `${event.type} ${Object.keys(event.content).join(', ')}`);
      }
  }
  if (id !== null) {
    run.lastId = id;
  }
  persistRun();
}

function finishRun(state, status) {
  if (source) {
    source.close();
    source = null;
  }
  if (run) {
    run.bubble.dataset.state = state;
  }
  run = null;
  save(RUN_KEY, null);
  setStatus(status);
  setRunning(false);
  loadRooms().catch(() => {});
}

async function sendMessage(text) {
  const chatId = room;
  messageItem('user', text, 'complete');
  startRun(chatId);
  const response = await api(chatId ? `/api/chats/${chatId}/messages` : '/api/messages',
    { method: 'POST', body: { content: { message: text } }, raw: true });
  if (!response.ok) {
    const failure = await problem(response);
    run.bubble.remove();
    run = null;
    setRunning(false);
    setError(failure.message);
    return;
  }
  try {
    await readEvents(response.body, handleEvent);
  } catch {
    // The connection broke; the run goes on without us and the resume below picks it up.
  }
  if (run && run.runId) {
    follow();
  } else if (run) {
    finishRun('failed', 'The answer could not be followed');
  }
}

// Follows the current run with EventSource from the last event this page applied. EventSource reconnects by itself
// (sending Last-Event-ID); it gives up on a non-200 answer, and then one fresh token is worth a try.
function follow(retried = false) {
  const url = `/api/chats/${run.chatId}/runs/${run.runId}/events`
    + `?last_event_id=${run.lastId}&access_token=${encodeURIComponent(auth.access_token)}`;
  setStatus(`Following the answer from event ${run.lastId}`);
  source = new EventSource(url);
  source.onmessage = (message) => {
    handleEvent(JSON.parse(message.data), message.lastEventId === '' ? null : Number(message.lastEventId));
  };
  source.onerror = async () => {
    if (!source || source.readyState !== EventSource.CLOSED) {
      return;
    }
    source = null;
    if (!retried && await refresh() && run) {
      follow(true);
      return;
    }
    // Too late to resume (404 run-not-found): the room has the stored answer.
    const chatId = run && run.chatId;
    finishRun('complete', 'The answer could not be followed; showing the stored room');
    if (chatId) {
      openRoom(chatId).catch((e) => setError(e.message));
    }
  };
}

async function resumeAfterReload(saved) {
  await openRoom(saved.chatId, saved.runId);
  run = { chatId: saved.chatId, runId: saved.runId, lastId: saved.lastId, text: saved.text,
    bubble: messageItem('assistant', saved.text, 'streaming') };
  run.bubble.dataset.runId = saved.runId;
  run.bubble.dataset.resumedFrom = String(saved.lastId);
  $('tool').textContent = saved.tool || '';
  setRunning(true);
  follow();
}

async function stopRun() {
  if (!run || !run.runId) {
    return;
  }
  $('stop-button').disabled = true;
  setStatus('Stopping…');
  try {
    await api(`/api/chats/${run.chatId}/runs/${run.runId}/cancel`, { method: 'POST' });
  } catch (e) {
    setError(e.message);
  }
}

// ---------------------------------------------------------------------------------------------------- recipes, sharing

function addRecipeLink(recipeId) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.textContent = 'Open the recipe';
  button.dataset.recipeId = recipeId;
  button.addEventListener('click', () => openRecipe(recipeId).catch((e) => setError(e.message)));
  $('recipe-links').append(button);
}

async function openRecipe(recipeId) {
  const recipe = await api(`/api/recipes/${recipeId}`);
  $('recipe-title').textContent = recipe.title || recipeId;
  $('recipe-api-link').textContent = `GET /api/recipes/${recipeId}`;
  $('recipe-api-link').href = `/api/recipes/${recipeId}`;
  $('recipe-body').textContent = JSON.stringify(recipe, null, 2);
  $('recipe').hidden = false;
}

async function shareRoom() {
  if (!room) {
    return;
  }
  const shared = await api(`/api/chats/${room}/share`, { method: 'POST' });
  showShareLink(shared.public_url);
}

// ---------------------------------------------------------------------------------------------------- start-up

async function showModel() {
  try {
    const response = await fetch('/actuator/info');
    const info = await response.json();
    if (!info.llm) {
      return;
    }
    const banner = $('model-banner');
    banner.hidden = false;
    banner.classList.toggle('offline', Boolean(info.llm.offline));
    banner.textContent = info.llm.offline
      ? 'Offline demo model: answers are canned demonstrations, not a language model\'s'
      : `Model: ${info.llm.model}`;
  } catch {
    // The banner is a courtesy; the chat works without it.
  }
}

function signOut() {
  if (source) {
    source.close();
    source = null;
  }
  auth = null;
  run = null;
  room = null;
  save(AUTH_KEY, null);
  save(ROOM_KEY, null);
  save(RUN_KEY, null);
  setRunning(false);
  show(false);
}

async function enter() {
  show(true);
  await loadRooms();
  const saved = load(RUN_KEY);
  if (saved && saved.runId && saved.chatId) {
    await resumeAfterReload(saved);
    return;
  }
  save(RUN_KEY, null);
  const savedRoom = load(ROOM_KEY);
  if (savedRoom) {
    await openRoom(savedRoom).catch(() => newConversation());
  }
}

function wire() {
  $('auth-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const action = e.submitter && e.submitter.value === 'signup' ? 'signup' : 'login';
    const body = { email: $('email').value, password: $('password').value };
    if (action === 'signup') {
      body.nickname = $('nickname').value || body.email.split('@')[0];
    }
    $('auth-error').textContent = '';
    const response = await fetch(`/api/auth/${action}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!response.ok) {
      $('auth-error').textContent = (await problem(response)).message;
      return;
    }
    const pair = await response.json();
    auth = { access_token: pair.access_token, refresh_token: pair.refresh_token, user: pair.user };
    save(AUTH_KEY, auth);
    $('password').value = '';
    await enter();
  });
  $('logout-button').addEventListener('click', async () => {
    const token = auth && auth.refresh_token;
    signOut();
    if (token) {
      await fetch('/api/auth/logout', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: token }),
      }).catch(() => {});
    }
  });
  $('new-room-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const title = $('room-title').value.trim();
    try {
      const created = await api('/api/chats', { method: 'POST', body: title ? { title } : {} });
      $('room-title').value = '';
      await loadRooms();
      await openRoom(created.id);
    } catch (failure) {
      setError(failure.message);
    }
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('message').value.trim();
    if (!text || run) {
      return;
    }
    $('message').value = '';
    sendMessage(text).catch((failure) => {
      setError(failure.message);
      if (run) {
        finishRun('failed', 'Answer failed');
      }
    });
  });
  $('stop-button').addEventListener('click', () => stopRun());
  $('share-button').addEventListener('click', () => shareRoom().catch((e) => setError(e.message)));
}

wire();
showModel();
if (auth) {
  enter().catch((e) => setError(e.message));
} else {
  show(false);
}
