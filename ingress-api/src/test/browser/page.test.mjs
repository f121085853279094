// Drives the ingress page in headless Chromium, keyboard only: submits a problem, follows its progress
// (the JUnit test moves the VideoJob along when this script reports each step on stdout), plays the
// result with its captions track and transcript, then audits the page with axe-core at WCAG 2.1 AA in the normal, high-contrast and large-text
// modes. Exit code 0 only when every step was seen and axe found no violations. Also: "Make my video" is
// visible without scrolling at 1280x900 and at phone width, no progress bar shows before anything is sent,
// a link code says where to send it, and a failed job's error says its line once. Screenshots go to $SCREENSHOT_DIR.
//
// stdout protocol (read by BrowserPageTest): "SUBMITTED <job id>", "STEP <phase>", "AXE <json>", "AAA <json>",
// "SUBMITTED_FAILING <job id>" (the JUnit test fails that job: InvalidCode at line 2 with the checker's detail).
import { chromium } from 'playwright-core';
import { readFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.env.INGRESS_URL;
if (!base) throw new Error('INGRESS_URL is not set');

const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || await context.newPage();
const screenshots = process.env.SCREENSHOT_DIR || '.';
const failures = [];
const expect = (condition, message) => { if (!condition) failures.push(message); };

async function tabTo(id, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement && document.activeElement.id) === id) return;
  }
  throw new Error('could not reach #' + id + ' with the Tab key');
}

async function waitForStatus(text) {
  await page.waitForFunction((t) => document.getElementById('status').textContent.includes(t), text, { timeout: 20000 });
}

async function audit(label) {
  await page.addScriptTag({ content: axeSource });
  const aa = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const aaa = await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2aaa'] } }));
  const summary = (r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  console.log('AXE ' + JSON.stringify({ mode: label, violations: summary(aa), passes: aa.passes.length }));
  console.log('AAA ' + JSON.stringify({ mode: label, violations: summary(aaa) }));
  expect(aa.violations.length === 0, label + ': axe found WCAG 2.1 AA violations: ' + JSON.stringify(summary(aa)));
}

async function submitIsInView(label) {
  const box = await page.$eval('#submit', (b) => {
    const r = b.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight, scrolled: window.scrollY };
  });
  expect(box.scrolled === 0 && box.top >= 0 && box.bottom <= box.height,
    label + ': "Make my video" is visible without scrolling ' + JSON.stringify(box));
}

try {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(base + '/', { waitUntil: 'networkidle' });
  expect(await page.title() !== '', 'the page has a title');
  await submitIsInView('1280x900');
  expect(!(await page.isVisible('#progress')), 'no progress bar before anything is sent');
  await page.screenshot({ path: join(screenshots, 'page-1280x900.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await submitIsInView('390x844 (phone)');
  await page.screenshot({ path: join(screenshots, 'page-390x844.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  await audit('initial');

  // keyboard only: skip link first, then the form
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement.className) === 'skip-link', 'the first Tab reaches the skip link');
  await tabTo('content');
  await page.keyboard.type('Show why the derivative of x squared is 2x');
  await tabTo('submit');
  await page.keyboard.press('Enter');
  await waitForStatus('Waiting in the queue');
  expect(await page.isVisible('#progress'), 'the progress bar shows once something was sent');
  const jobId = await page.evaluate(async () => (await (await fetch('/api/v1/jobs')).json()).items[0].job_id);
  console.log('SUBMITTED ' + jobId);

  await waitForStatus('Writing the animation');
  console.log('STEP ai_generating');
  await waitForStatus('40 % done');
  expect(await page.$eval('#progress', (p) => p.value) === 40, 'the progress bar shows 40');
  console.log('STEP rendering');
  await waitForStatus('Saving the video');
  console.log('STEP uploading');
  await waitForStatus('Your video is ready');
  console.log('STEP ready');
  expect(await page.$eval('#result', (r) => !r.hidden), 'the result section is shown');
  expect((await page.$eval('#video', (v) => v.getAttribute('src'))) === '/api/v1/jobs/' + jobId + '/video', 'the video plays from the service');
  expect((await page.$eval('#video-description', (d) => d.textContent)).includes('derivative of x squared'),
    'the text description says what the video shows');
  // captions: a <track> served by the ingress, loaded (readyState 2) with the three cues; transcript under the video
  expect(await page.$eval('#video track', (t, id) => t.kind === 'captions' && t.srclang === 'en' && t.label !== ''
    && t.getAttribute('src') === '/api/v1/jobs/' + id + '/captions', jobId)
    .catch(() => false), 'the video has a captions track from the service');
  try {
    await page.waitForFunction(() => { const t = document.querySelector('#video track'); return t && t.readyState === 2; },
      null, { timeout: 10000 });
  } catch (e) {
    failures.push('the captions track did not load: readyState ' + await page.$eval('#video track', (t) => t.readyState).catch(() => 'none'));
  }
  const cues = await page.$eval('#video track', (t) => Array.from(t.track.cues || []).map((c) => [c.startTime, c.endTime, c.text]))
    .catch(() => []);
  expect(cues.length === 3 && cues[2][0] === 6 && cues[2][2] === 'As h goes to 0, the derivative is 2x.',
    'the captions track has the three cues: ' + JSON.stringify(cues));
  await page.waitForFunction(() => !document.getElementById('transcript-box').hidden, null, { timeout: 10000 })
    .catch(() => failures.push('the transcript is not shown'));
  const transcript = await page.$$eval('#video-transcript p', (ps) => ps.map((p) => p.textContent));
  expect(transcript.length === 3 && transcript[1] === 'The difference quotient simplifies to 2x + h.',
    'the transcript shows under the video: ' + JSON.stringify(transcript));
  // keyboard: the player is reachable with Tab (its controls then work with the keyboard)
  await page.focus('#submit');
  await tabTo('video').catch((e) => failures.push(String(e)));
  await page.click('#link-code');
  await page.waitForFunction(() => document.getElementById('link-code-text').textContent.includes('/link'), null, { timeout: 10000 });
  const linkText = await page.$eval('#link-code-text', (p) => p.textContent);
  expect(linkText.includes('@ManimVideoBot on Telegram') && linkText.includes('+15550783881 on WhatsApp'),
    'the link code says where to send it: ' + linkText);
  expect(await page.$eval('#link-code-text a', (a) => a.href) === 'https://t.me/ManimVideoBot', 'a link opens the bot');
  await page.screenshot({ path: join(screenshots, 'page-result.png'), fullPage: true });
  await audit('result');

  // display options by keyboard
  await page.focus('#toggle-contrast');
  await page.keyboard.press('Space');
  await page.focus('#toggle-large-text');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.documentElement.classList.contains('high-contrast')), 'high contrast is on');
  expect(await page.evaluate(() => document.documentElement.classList.contains('large-text')), 'large text is on');
  expect(await page.$eval('#toggle-contrast', (b) => b.getAttribute('aria-pressed')) === 'true', 'the toggle says it is pressed');
  await audit('high-contrast-large-text');

  // a second problem fails; the page says the reason's sentence with its line once, from the catalog
  await page.fill('#content', 'Show why the integral of 2x is x squared');
  await page.click('#submit');
  await waitForStatus('Waiting in the queue');
  const failingId = await page.evaluate(async () => (await (await fetch('/api/v1/jobs')).json()).items
    .find((item) => item.status === 'queued').job_id);
  console.log('SUBMITTED_FAILING ' + failingId);
  await waitForStatus('Making the video failed');
  const failedText = await page.$eval('#status', (s) => s.textContent);
  expect(failedText === "Making the video failed. The code breaks a rule or cannot be read (line 2): importing 'os' is not allowed.",
    'the failure says its line once: ' + failedText);
} catch (e) {
  failures.push(String(e && e.stack || e));
} finally {
  await context.close();
}

if (failures.length > 0) {
  console.error('FAILURES\n' + failures.join('\n'));
  process.exit(1);
}
console.log('OK');
