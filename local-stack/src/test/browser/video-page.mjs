// Loads the ingress page in headless Chromium, submits Manim code through the form and waits until the page
// shows a <video> whose source the browser can load (metadata read, duration > 0).
// Uses the ingress's playwright-core install (ingress-api/src/test/browser, `npm ci` there).
// stdout: "VIDEO <src> <duration>" on success; exit code 0 only then.
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(join(process.env.PLAYWRIGHT_DIR, 'package.json'));
const { chromium } = require('playwright-core');
const base = process.env.INGRESS_URL;
const code = process.env.SCENE_CODE;

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-profile-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let status = 1;
try {
  const page = context.pages()[0] || await context.newPage();
  await page.goto(base + '/', { waitUntil: 'networkidle' });
  await page.check('#type-code');
  await page.fill('#content', code);
  await page.click('#submit');
  await page.waitForSelector('#result:not([hidden]) video[src]', { timeout: 240000 });
  const video = await page.waitForFunction(() => {
    const v = document.getElementById('video');
    return v.readyState >= 1 && v.duration > 0 && !v.error ? { src: v.getAttribute('src'), duration: v.duration } : null;
  }, null, { timeout: 60000 });
  const { src, duration } = await video.jsonValue();
  console.log('VIDEO ' + src + ' ' + duration);
  status = 0;
} catch (e) {
  console.log('ERROR ' + e.message);
} finally {
  await context.close();
}
process.exit(status);
