// Helpers shared by the e2e tests: Rill's address, accounts, rooms, polling and a TCP proxy that can cut a stream.
import net from 'node:net';
import { randomUUID } from 'node:crypto';

export const BASE = process.env.RILL_URL ?? 'http://127.0.0.1:8080';

/** Generous: CI runs on two loaded cores. */
export const LONG = 60_000;

export async function signup() {
  const email = `e2e-${randomUUID()}@example.com`;
  const response = await fetch(`${BASE}/api/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long passphrase', nickname: 'E2E' }),
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`signup answered ${response.status}: ${await response.text()}`);
  }
  const pair = await response.json();
  return { email, token: pair.access_token };
}

export async function api(token, path, { method = 'GET', body } = {}) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
  return response.status === 200 || response.status === 201 ? response.json() : null;
}

export async function createRoom(token) {
  return (await api(token, '/api/chats', { method: 'POST', body: {} })).id;
}

/**
 * Sends a message and reads its stream only up to the `start` event, then lets go of the connection: the run goes
 * on without it (docs/sse-protocol.md, "A run does not depend on the connection").
 */
export async function startRun(token, chatId, text) {
  const response = await fetch(`${BASE}/api/chats/${chatId}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ content: { message: text } }),
  });
  if (response.status !== 200) {
    throw new Error(`message answered ${response.status}: ${await response.text()}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      throw new Error(`stream ended before start: ${buffer}`);
    }
    buffer += value;
    const match = buffer.match(/data:(\{"type":"start".*\})\n/);
    if (match) {
      await reader.cancel();
      return JSON.parse(match[1]).run_id;
    }
  }
}

/** The assistant message a run stored, once it is stored. */
export async function storedAnswer(token, chatId, runId) {
  let found = null;
  await waitFor(async () => {
    const chat = await api(token, `/api/chats/${chatId}`);
    found = chat.messages.find((m) => m.role === 'assistant' && m.run_id === runId) ?? null;
    return found !== null;
  }, { what: `the stored answer of ${runId}` });
  return found;
}

/** Polls `condition` until it is truthy; fails after `timeout` ms saying what it waited for. */
export async function waitFor(condition, { timeout = LONG, interval = 100, what = 'a condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await condition()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Every event ID from 1 to the last, each once, in order. */
export function assertContiguous(assert, ids) {
  assert.deepEqual(ids, Array.from({ length: ids.length }, (_, i) => i + 1), `event ids ${ids.join(',')}`);
}

/**
 * A TCP proxy in front of Rill. It records what passes through each connection, and cuts the first connection
 * whose response has carried `cutAfterEvents` events, so a client sees the server drop it mid-stream.
 */
export async function startProxy({ cutAfterEvents = Infinity } = {}) {
  const target = new URL(BASE);
  const connections = [];
  let cut = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const record = { request: '', response: '', cut: false, sockets: [client, upstream] };
    connections.push(record);
    client.on('data', (chunk) => {
      record.request += chunk.toString('latin1');
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      record.response += chunk.toString('latin1');
      const events = (record.response.match(/\nid:\d+\n/g) ?? []).length;
      if (!cut && events >= cutAfterEvents) {
        cut = true;
        record.cut = true;
        // Pass the chunk on, then drop both sides, as a dying proxy or a network failure would.
        client.write(chunk, () => {
          client.destroy();
          upstream.destroy();
        });
        return;
      }
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    connections,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const record of connections) {
        record.sockets.forEach((socket) => socket.destroy());
      }
    }),
  };
}

/** The value of a request header in a raw HTTP request, or null. */
export function requestHeader(rawRequest, name) {
  const match = rawRequest.match(new RegExp(`\\r\\n${name}:\\s*([^\\r]*)\\r\\n`, 'i'));
  return match ? match[1] : null;
}
