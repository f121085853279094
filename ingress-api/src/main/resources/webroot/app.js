// The page talks to the web API in contracts/openapi.yaml. The session token lives in an HttpOnly
// cookie set by POST /api/v1/sessions, so fetch, EventSource and <video> all carry it.
'use strict';

// Every word on the page comes from the service's catalog (GET /api/v1/page-texts), in the person's language;
// the English below is only what shows if those cannot be fetched.
const ENGLISH = {
  'page.phase.queued': 'Waiting in the queue.',
  'page.phase.ai_generating': 'Writing the animation for your problem.',
  'page.phase.code_validating': 'Checking the code.',
  'page.phase.rendering': 'Rendering the video.',
  'page.phase.uploading': 'Saving the video.',
  'page.phase.ready': 'Your video is ready.',
  'page.phase.delivered': 'Your video was delivered.',
  'page.phase.failed': 'Making the video failed.',
  'page.phase.expired': 'The video expired and was deleted.',
  'page.percentDone': '{percent} % done.',
  'page.queuePlace': 'Place in queue: {position}.',
  'page.problemLabel': 'Your problem',
  'page.codeLabel': 'Your Manim code',
  'page.problemHint': 'Between 10 and 5000 characters, for example “Show why the derivative of x² is 2x”.',
  'page.codeHint': 'Manim Community code, at most 50 KB. It is checked and rendered in a locked-down sandbox.',
  'page.problemLength': 'A problem must be 10 to 5000 characters long.',
  'page.tooMany': 'You have sent many requests. Please try again in {seconds} seconds.',
  'page.tooManySoon': 'You have sent many requests. Please try again in a few seconds.',
  'page.requestFailed': 'The request failed ({status}).',
  'page.noVideos': 'No videos yet.',
  'page.historyLine': '{preview}: {state}',
  'page.linkCodeText': 'Send “/link {code}” within 10 minutes to {where}.',
  'page.linkWhere': '{address} on {platform}',
  'page.or': 'or',
  'page.ourBot': 'our chat bot',
  'page.open': 'Open {platform}',
  'page.captions': 'Captions',
  'page.unreachable': 'The service is not reachable right now.'
};
let TEXTS = {};

/** The catalog's words for {@code key}, its {name} placeholders filled from {@code values}. */
function t(key, values = {}) {
  const pattern = TEXTS[key] || ENGLISH[key] || key;
  return pattern.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

async function loadTexts() {
  try {
    const response = await fetch('/api/v1/page-texts', { credentials: 'same-origin' });
    if (!response.ok) return;
    const data = await response.json();
    TEXTS = data.texts || {};
    document.documentElement.lang = data.language;
    document.documentElement.dir = data.direction;
    $('language').value = data.language;
    document.querySelectorAll('[data-text]').forEach((element) => {
      if (TEXTS[element.dataset.text]) element.textContent = TEXTS[element.dataset.text];
    });
    document.querySelectorAll('[data-text-aria-label]').forEach((element) => {
      if (TEXTS[element.dataset.textAriaLabel]) element.setAttribute('aria-label', TEXTS[element.dataset.textAriaLabel]);
    });
    updateContentLabel();
  } catch (e) {
    // the English already on the page stays
  }
}

/** The person picks a language: the session keeps it (replies, problem details, videos) and the page follows. */
async function changeLanguage() {
  await ensureSession();
  await api('PATCH', '/api/v1/session', { language: $('language').value });
  await loadTexts();
}

const $ = (id) => document.getElementById(id);
let events = null;
let pendingKey = null;
let lastOrder = -1;

function setPreference(name, on) {
  document.documentElement.classList.toggle(name, on);
  localStorage.setItem('pref-' + name, on ? '1' : '0');
}

function wireToggle(buttonId, name) {
  const button = $(buttonId);
  const on = localStorage.getItem('pref-' + name) === '1';
  setPreference(name, on);
  button.setAttribute('aria-pressed', String(on));
  button.addEventListener('click', () => {
    const next = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(next));
    setPreference(name, next);
  });
}

async function api(method, path, body, headers = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem = data || {};
    const error = new Error(problem.detail || problem.title || t('page.requestFailed', { status: response.status }));
    error.status = response.status;
    error.retryAfter = response.headers.get('Retry-After');
    throw error;
  }
  return data;
}

async function ensureSession() {
  try {
    await api('GET', '/api/v1/session');
  } catch (e) {
    if (e.status !== 401) throw e;
    await api('POST', '/api/v1/sessions', {});
  }
}

function showStatus(job) {
  // two service replicas may deliver news out of order: never go back to an earlier step
  if (typeof job.order === 'number') {
    if (job.order < lastOrder) return;
    lastOrder = job.order;
  }
  let message = t('page.phase.' + job.status);
  if (job.status === 'rendering' && typeof job.progress === 'number') {
    message += ' ' + t('page.percentDone', { percent: job.progress });
  }
  if (job.status === 'queued' && job.queue_position) {
    message += ' ' + t('page.queuePlace', { position: job.queue_position });
  }
  if (job.status === 'failed' && job.last_error) {
    // the service words it for people, with its line said once
    message += ' ' + job.last_error.message;
  }
  $('status').textContent = message;
  $('progress-box').hidden = false;
  const progress = $('progress');
  const value = job.status === 'ready' || job.status === 'delivered' ? 100 : (job.progress || 0);
  progress.value = value;
  progress.textContent = value + ' %';
  if ((job.status === 'ready' || job.status === 'delivered') && job.video_url) {
    $('result').hidden = false;
    $('video').src = job.video_url;
    $('video-link').href = job.video_url;
    $('video-description').textContent = job.description || '';
    showCaptions(job.captions_url);
    showTranscript(job.transcript_url);
  }
  if (['ready', 'delivered', 'failed', 'expired'].includes(job.status)) {
    $('submit').disabled = false;
  }
}

// Captions on by default (the track's mode, so they load even before the video plays); served by this
// origin, so the track needs no CORS. Captions are written in the page's language.
function showCaptions(url) {
  const video = $('video');
  video.querySelectorAll('track').forEach((t) => t.remove());
  if (!url) return;
  const track = document.createElement('track');
  track.kind = 'captions';
  track.srclang = document.documentElement.lang || 'en';
  track.label = t('page.captions');
  track.src = url;
  track.default = true;
  video.appendChild(track);
  track.track.mode = 'showing';
}

// The transcript under the video, one paragraph a caption line.
async function showTranscript(url) {
  const box = $('transcript-box');
  const target = $('video-transcript');
  box.hidden = true;
  target.replaceChildren();
  if (!url) return;
  const response = await fetch(url);
  if (!response.ok) return;
  const lines = (await response.text()).split('\n').filter((line) => line.trim() !== '');
  for (const line of lines) {
    const p = document.createElement('p');
    p.textContent = line;
    target.appendChild(p);
  }
  box.hidden = lines.length === 0;
}

function follow(jobId) {
  if (events) events.close();
  events = new EventSource('/api/v1/jobs/' + encodeURIComponent(jobId) + '/events');
  events.addEventListener('status', (event) => showStatus(JSON.parse(event.data)));
  // the server's last event: without closing, EventSource would reconnect to a finished job
  events.addEventListener('end', () => events.close());
}

function updateContentLabel() {
  const code = $('type-code').checked;
  $('content-label').textContent = t(code ? 'page.codeLabel' : 'page.problemLabel');
  $('content-hint').textContent = t(code ? 'page.codeHint' : 'page.problemHint');
  $('content').classList.toggle('code', code);
}

async function submit(event) {
  event.preventDefault();
  const error = $('form-error');
  error.textContent = '';
  const form = $('request');
  const content = $('content').value;
  const type = form.elements.submission_type.value;
  if (type === 'problem' && (content.trim().length < 10 || content.trim().length > 5000)) {
    error.textContent = t('page.problemLength');
    $('content').focus();
    return;
  }
  if (!pendingKey) pendingKey = crypto.randomUUID();
  const body = {
    submission_type: type,
    content,
    options: {
      quality: $('quality').value,
      format: $('format').value,
      max_duration_seconds: Number($('max-duration').value) || 60
    },
    accessibility: {
      audio_description: $('a11y-description').checked,
      high_contrast: $('a11y-contrast').checked,
      large_text: $('a11y-large').checked
    }
  };
  $('submit').disabled = true;
  $('result').hidden = true;
  lastOrder = -1;
  try {
    await ensureSession();
    const job = await api('POST', '/api/v1/jobs', body, { 'Idempotency-Key': pendingKey });
    pendingKey = null;
    showStatus(job);
    follow(job.job_id);
  } catch (e) {
    $('submit').disabled = false;
    error.textContent = e.status === 429
      ? (e.retryAfter ? t('page.tooMany', { seconds: e.retryAfter }) : t('page.tooManySoon'))
      : e.message;
    if (e.status && e.status < 500) pendingKey = null;
  }
}

async function showHistory() {
  await ensureSession();
  const data = await api('GET', '/api/v1/jobs');
  const list = $('history');
  list.replaceChildren();
  if (data.items.length === 0) {
    const li = document.createElement('li');
    li.textContent = t('page.noVideos');
    list.append(li);
  }
  for (const item of data.items) {
    const li = document.createElement('li');
    li.textContent = t('page.historyLine', { preview: item.problem_preview, state: t('page.phase.' + item.status) });
    list.append(li);
  }
}

async function linkCode() {
  await ensureSession();
  const code = await api('POST', '/api/v1/link-codes');
  const where = (code.send_to || []).map((to) => t('page.linkWhere', { address: to.address, platform: to.platform_name }));
  const text = $('link-code-text');
  text.textContent = t('page.linkCodeText', { code: code.code, where: where.length ? where.join(' ' + t('page.or') + ' ') : t('page.ourBot') });
  // links open the chat with the bot or number directly
  (code.send_to || []).forEach((to) => {
    if (!to.url) return;
    const link = document.createElement('a');
    link.href = to.url;
    link.textContent = t('page.open', { platform: to.platform_name });
    link.rel = 'noopener';
    text.append(' ', link);
  });
}

document.addEventListener('DOMContentLoaded', () => {
  wireToggle('toggle-contrast', 'high-contrast');
  wireToggle('toggle-large-text', 'large-text');
  $('type-problem').addEventListener('change', updateContentLabel);
  $('type-code').addEventListener('change', updateContentLabel);
  $('request').addEventListener('submit', submit);
  $('show-history').addEventListener('click', () => showHistory().catch((e) => { $('form-error').textContent = e.message; }));
  $('link-code').addEventListener('click', () => linkCode().catch((e) => { $('form-error').textContent = e.message; }));
  $('language').addEventListener('change', () => changeLanguage().catch((e) => { $('form-error').textContent = e.message; }));
  loadTexts();
  ensureSession().catch(() => { $('status').textContent = t('page.unreachable'); });
});
