// The web page at / in headless Chromium (Debian's package, driven by playwright-core): sign up, send a message,
// reload in the middle of the answer, and check that the page resumes to exactly the stored answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BASE, LONG, api, storedAnswer } from './support.mjs';

const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let profile;
let context;
let page;

before(async () => {
  profile = mkdtempSync(path.join(tmpdir(), 'rill-e2e-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    timeout: LONG,
  });
  context.setDefaultTimeout(LONG);
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
});

after(async () => {
  await context?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
});

async function shot(name) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Runs a test body; on failure saves a screenshot of the page as it was, then fails. */
function withScreenshotOnFailure(name, body) {
  return async () => {
    try {
      await body();
    } catch (error) {
      await shot(`failed-${name}`).catch(() => {});
      throw error;
    }
  };
}

async function session() {
  return page.evaluate(() => ({
    auth: JSON.parse(sessionStorage.getItem('rill.auth')),
    run: JSON.parse(sessionStorage.getItem('rill.run')),
  }));
}

async function signUp() {
  await page.goto(BASE);
  await page.getByLabel('Email').fill(`e2e-${crypto.randomUUID()}@example.com`);
  await page.getByLabel('Password (at least 8 characters)').fill('a long passphrase');
  await page.getByLabel('Nickname (for signing up)').fill('Browser');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.locator('#app').waitFor({ state: 'visible' });
}

test('the page streams an answer, resumes it after a reload mid-answer, and ends with the stored text',
  { timeout: 3 * LONG }, withScreenshotOnFailure('resume', async () => {
    await signUp();
    assert.match(await page.locator('#model-banner').textContent(), /Offline demo model/);

    await page.getByLabel('Message').fill('Hello there, how are you doing today my friend?');
    await page.getByRole('button', { name: 'Send' }).click();
    const streaming = page.locator('.message.assistant[data-state="streaming"] .text');
    await page.waitForFunction(() => {
      const text = document.querySelector('.message.assistant[data-state="streaming"] .text');
      return text && text.textContent.split(' ').length >= 4;
    }, null, { timeout: LONG });
    assert.match(await streaming.textContent(), /^\[Offline demo model\]/);
    await page.locator('#tool[data-tool="basic"]').waitFor();
    await shot('1-streaming');

    const before = await session();
    assert.ok(before.run && before.run.runId, 'the run is remembered in sessionStorage');
    const partial = before.run.text;
    await page.reload();

    const resumed = page.locator(`.message.assistant[data-run-id="${before.run.runId}"][data-resumed-from]`);
    await resumed.waitFor();
    await shot('2-resumed');
    await page.locator(`.message.assistant[data-run-id="${before.run.runId}"][data-state="complete"]`).waitFor();
    await shot('3-complete');

    const shown = await resumed.locator('.text').textContent();
    const { auth } = await session();
    const stored = await storedAnswer(auth.access_token, before.run.chatId, before.run.runId);
    assert.equal(stored.status, 'complete');
    assert.equal(shown, stored.content.message, 'no token lost or repeated across the reload');
    assert.ok(partial.length > 0 && partial.length < shown.length && shown.startsWith(partial),
      `the reload came mid-answer: ${partial.length} of ${shown.length} characters shown before it`);
    assert.match(await page.locator('#tool').textContent(), /Tool: basic/);
    assert.equal((await session()).run, null, 'a finished run is forgotten');
  }));

test('the page stops an answer, lists rooms, and shares a room by its public link', { timeout: 3 * LONG },
  withScreenshotOnFailure('stop-share', async () => {
  await page.getByLabel('Message').fill('Tell me a joke about clouds and the sky, please.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForFunction(() => {
    const text = document.querySelector('.message.assistant[data-state="streaming"] .text');
    return text && text.textContent.length > 0;
  }, null, { timeout: LONG });
  await page.getByRole('button', { name: 'Stop' }).click();
  const stopped = page.locator('.message.assistant[data-state="stopped"]');
  await stopped.waitFor();
  const { auth } = await session();
  const chatId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('rill.room')));
  const room = await api(auth.access_token, `/api/chats/${chatId}`);
  assert.equal(room.messages.at(-1).status, 'stopped');
  assert.equal(await stopped.locator('.text').textContent(), room.messages.at(-1).content.message);

  await page.getByLabel('Title of a new room (optional)').fill('Breakfasts');
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.locator('#chat-title', { hasText: 'Breakfasts' }).waitFor();
  await page.locator('#rooms button', { hasText: 'Breakfasts' }).waitFor();

  await page.getByRole('button', { name: 'Share room' }).click();
  const link = page.locator('#public-link');
  await link.waitFor();
  const publicUrl = await link.getAttribute('href');
  const shared = await fetch(publicUrl);
  assert.equal(shared.status, 200, `${publicUrl} without a token`);
  await shot('4-shared');
}));

test('a recipe turn links the saved recipe, and the page opens it', { timeout: 3 * LONG },
  withScreenshotOnFailure('recipe', async () => {
  await page.getByLabel('Message').fill('Design a dinner recipe with rice, egg and spinach');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('#tool[data-tool="recipe"]').waitFor();
  const open = page.getByRole('button', { name: 'Open the recipe' });
  await open.waitFor();
  const recipeId = await open.getAttribute('data-recipe-id');
  assert.match(recipeId, /^recipe-/);
  await page.locator('.message.assistant[data-state="complete"]').last().waitFor();

  await open.click();
  await page.locator('#recipe').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#recipe-api-link').textContent(), `GET /api/recipes/${recipeId}`);
  const { auth } = await session();
  const recipe = await api(auth.access_token, `/api/recipes/${recipeId}`);
  assert.equal(await page.locator('#recipe-title').textContent(), recipe.title);
  await shot('5-recipe');
}));
