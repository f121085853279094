// The page talks to the web API in contracts/openapi.yaml. The session token lives in an HttpOnly
// cookie set by POST /api/v1/sessions, so fetch, EventSource and <video> all carry it.
'use strict';

const PHASE_TEXT = {
  queued: 'Waiting in the queue.',
  ai_generating: 'Writing the animation for your problem.',
  code_validating: 'Checking the code.',
  rendering: 'Rendering the video.',
  uploading: 'Saving the video.',
  ready: 'Your video is ready.',
  delivered: 'Your video was delivered.',
  failed: 'Making the video failed.',
  expired: 'The video expired and was deleted.'
};

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
    const error = new Error(problem.detail || problem.title || ('Request failed (' + response.status + ')'));
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
  const text = PHASE_TEXT[job.status] || job.status;
  let message = text;
  if (job.status === 'rendering' && typeof job.progress === 'number') {
    message += ' ' + job.progress + ' % done.';
  }
  if (job.status === 'queued' && job.queue_position) {
    message += ' Place in queue: ' + job.queue_position + '.';
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
  track.label = 'Captions';
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
  $('content-label').textContent = code ? 'Your Manim code' : 'Your problem';
  $('content-hint').textContent = code
    ? 'Manim Community code, at most 50 KB. It is checked and rendered in a locked-down sandbox.'
    : 'Between 10 and 5000 characters, for example “Show why the derivative of x² is 2x”.';
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
    error.textContent = 'A problem must be 10 to 5000 characters long.';
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
      ? 'You have sent many requests. Please try again in ' + (e.retryAfter || 'a few') + ' seconds.'
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
    li.textContent = 'No videos yet.';
    list.append(li);
  }
  for (const item of data.items) {
    const li = document.createElement('li');
    li.textContent = item.problem_preview + ': ' + (PHASE_TEXT[item.status] || item.status);
    list.append(li);
  }
}

async function linkCode() {
  await ensureSession();
  const code = await api('POST', '/api/v1/link-codes');
  const where = (code.send_to || []).map((t) => t.address + ' on ' + t.platform_name);
  const text = $('link-code-text');
  text.textContent = 'Send “/link ' + code.code + '” within 10 minutes to '
    + (where.length ? where.join(' or ') : 'our chat bot') + '.';
  // links open the chat with the bot or number directly
  (code.send_to || []).forEach((t) => {
    if (!t.url) return;
    const link = document.createElement('a');
    link.href = t.url;
    link.textContent = 'Open ' + t.platform_name;
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
  ensureSession().catch(() => { $('status').textContent = 'The service is not reachable right now.'; });
});
