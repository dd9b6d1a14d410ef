// Rill's event streams read by SSE clients we did not write: the `eventsource` package (WHATWG EventSource for
// Node) and `@microsoft/fetch-event-source` (fetch-based, can POST).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import { BASE, LONG, signup, createRoom, startRun, storedAnswer, startProxy, requestHeader, assertContiguous, waitFor }
  from './support.mjs';

// fetch-event-source was written for browsers: it listens for page visibility and uses window's timers.
globalThis.window ??= globalThis;
globalThis.document ??= { hidden: false, addEventListener() {}, removeEventListener() {} };
const { fetchEventSource } = await import('@microsoft/fetch-event-source');

// Small talk: the router sends it to the basic flow (food names would route to the recipe flow).
const MESSAGE = 'Hello there, how are you doing today my friend?';

function isLast(event) {
  return event.type === 'end' || event.type === 'error';
}

/** Checks that the events are a whole basic turn, and that its deltas make up the answer Rill stored. */
async function assertBasicTurn(token, chatId, events) {
  assertContiguous(assert, events.map((e) => e.id));
  const types = events.map((e) => e.data.type);
  assert.equal(types[0], 'start');
  assert.equal(types.at(-1), 'end', `last event ${JSON.stringify(events.at(-1).data)}`);
  const [status, choice] = events.filter((e) => e.data.type === 'tool_selection').map((e) => e.data.content);
  assert.equal(status, 'Choosing how to answer');
  assert.equal(choice.tool, 'basic');
  assert.ok(['fast_path', 'llm', 'fallback'].includes(choice.router), `router ${choice.router}`);
  assert.ok(events.some((e) => e.data.type === 'basic_flow' && typeof e.data.content === 'string'), 'a status');
  const deltas = events.filter((e) => e.data.type === 'basic_flow' && typeof e.data.delta === 'string');
  assert.ok(deltas.length > 5, `${deltas.length} deltas`);
  const end = events.at(-1).data;
  assert.equal(end.result.status, 'complete');
  const stored = await storedAnswer(token, chatId, events[0].data.run_id);
  assert.equal(end.result.message_id, stored.id);
  assert.equal(deltas.map((e) => e.data.delta).join(''), stored.content.message);
  assert.match(stored.content.message, /^\[Offline demo model\]/);
}

/** Follows a run with the `eventsource` package until its last event, then closes it (else it reconnects). */
function followWithEventSource(url, { onError } = {}) {
  return new Promise((resolve, reject) => {
    const events = [];
    const source = new EventSource(url);
    const timer = setTimeout(() => {
      source.close();
      reject(new Error(`no last event within ${LONG} ms; got ${events.map((e) => e.id).join(',')}`));
    }, LONG);
    source.onmessage = (message) => {
      const event = { id: Number(message.lastEventId), data: JSON.parse(message.data) };
      events.push(event);
      if (isLast(event.data)) {
        clearTimeout(timer);
        source.close();
        resolve(events);
      }
    };
    source.onerror = (error) => {
      onError?.(events, error);
      if (source.readyState === EventSource.CLOSED) {
        clearTimeout(timer);
        reject(new Error(`EventSource gave up: ${error.message ?? error.code}`));
      }
    };
  });
}

function eventsUrl(base, chatId, runId, token) {
  return `${base}/api/chats/${chatId}/runs/${runId}/events?last_event_id=0&access_token=${encodeURIComponent(token)}`;
}

test('eventsource follows a basic turn with the access token in the URL', { timeout: 2 * LONG }, async () => {
  const { token } = await signup();
  const chatId = await createRoom(token);
  const runId = await startRun(token, chatId, MESSAGE);

  const events = await followWithEventSource(eventsUrl(BASE, chatId, runId, token));

  assert.equal(events[0].data.run_id, runId);
  await assertBasicTurn(token, chatId, events);
});

test('fetch-event-source posts a message and reads every event of the turn', { timeout: 2 * LONG }, async () => {
  const { token } = await signup();
  const chatId = await createRoom(token);
  const events = [];
  let contentType = null;

  await fetchEventSource(`${BASE}/api/chats/${chatId}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ content: { message: MESSAGE } }),
    openWhenHidden: true,
    async onopen(response) {
      contentType = response.headers.get('content-type');
      if (response.status !== 200) {
        throw new Error(`answered ${response.status}`);
      }
    },
    onmessage(message) {
      if (message.data === '') {
        return;   // a heartbeat: this library hands comments on as empty messages
      }
      events.push({ id: Number(message.id), data: JSON.parse(message.data) });
    },
    onerror(error) {
      throw error;   // a POST must not be retried: it would send the message again
    },
  });

  assert.match(contentType, /^text\/event-stream/);
  await assertBasicTurn(token, chatId, events);
});

test('eventsource reconnects with Last-Event-ID after the connection is cut and misses nothing',
  { timeout: 2 * LONG }, async () => {
    const { token } = await signup();
    const chatId = await createRoom(token);
    const runId = await startRun(token, chatId, MESSAGE);
    const proxy = await startProxy({ cutAfterEvents: 5 });
    let idsBeforeCut = null;
    try {
      const events = await followWithEventSource(eventsUrl(proxy.url, chatId, runId, token), {
        onError: (seen) => {
          idsBeforeCut ??= seen.map((e) => e.id);
        },
      });

      assert.ok(proxy.connections[0].cut, 'the first connection was cut');
      assert.ok(proxy.connections.length >= 2, `${proxy.connections.length} connections`);
      assert.ok(idsBeforeCut && idsBeforeCut.length > 0, 'events before the cut');
      assert.equal(requestHeader(proxy.connections[1].request, 'Last-Event-ID'), String(idsBeforeCut.at(-1)));
      await assertBasicTurn(token, chatId, events);
    } finally {
      await proxy.close();
    }
  });

test('fetch-event-source retries the resume route with Last-Event-ID after a cut and misses nothing',
  { timeout: 2 * LONG }, async () => {
    const { token } = await signup();
    const chatId = await createRoom(token);
    const runId = await startRun(token, chatId, MESSAGE);
    const proxy = await startProxy({ cutAfterEvents: 5 });
    const events = [];
    let errors = 0;
    let idsBeforeCut = null;
    const done = new AbortController();
    try {
      await fetchEventSource(`${proxy.url}/api/chats/${chatId}/runs/${runId}/events`, {
        headers: { Authorization: `Bearer ${token}` },
        openWhenHidden: true,
        signal: done.signal,
        onmessage(message) {
          if (message.data === '') {
            return;   // a heartbeat
          }
          const event = { id: Number(message.id), data: JSON.parse(message.data) };
          events.push(event);
          if (isLast(event.data)) {
            done.abort();
          }
        },
        onerror() {
          errors += 1;
          idsBeforeCut ??= events.map((e) => e.id);
          if (errors > 5) {
            throw new Error('too many failures');
          }
          return 500;   // retry after 500 ms; the library then sends the last id it saw
        },
      });
      await waitFor(() => events.length > 0 && isLast(events.at(-1).data), { what: 'the last event' });

      assert.ok(proxy.connections[0].cut, 'the first connection was cut');
      assert.equal(errors, 1);
      assert.equal(requestHeader(proxy.connections[1].request, 'Last-Event-ID'), String(idsBeforeCut.at(-1)));
      await assertBasicTurn(token, chatId, events);
    } finally {
      await proxy.close();
    }
  });

test('heartbeat comments reach followers and neither client takes them for events',
  { timeout: 2 * LONG }, async () => {
    const { token } = await signup();
    const chatId = await createRoom(token);
    const runId = await startRun(token, chatId, MESSAGE);
    const proxy = await startProxy();
    const fetched = [];
    let emptyMessages = 0;
    try {
      const followers = [
        followWithEventSource(eventsUrl(proxy.url, chatId, runId, token)),
        fetchEventSource(`${BASE}/api/chats/${chatId}/runs/${runId}/events`, {
          headers: { Authorization: `Bearer ${token}` },
          openWhenHidden: true,
          onmessage(message) {
            if (message.data === '') {
              emptyMessages += 1;   // fetch-event-source passes each comment on as a message without data
              return;
            }
            fetched.push({ id: Number(message.id), data: JSON.parse(message.data) });
          },
          onerror(error) {
            throw error;
          },
        }),
      ];
      const [events] = await Promise.all(followers);
      const heartbeats = (proxy.connections[0].response.match(/\n:heartbeat\n/g) ?? []).length;

      assert.ok(heartbeats >= 1, `heartbeats on the wire: ${heartbeats}`);
      assert.equal(proxy.connections.length, 1, 'eventsource did not reconnect');
      assert.ok(emptyMessages >= 1, `heartbeats seen by fetch-event-source: ${emptyMessages}`);
      await assertBasicTurn(token, chatId, events);
      await assertBasicTurn(token, chatId, fetched);
    } finally {
      await proxy.close();
    }
  });
