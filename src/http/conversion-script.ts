import { CLICK_ID_PARAM } from '../core/links/tracked-url.js';

/** How long a landing's click id is remembered on the website, for a conversion reported later. */
const ATTRIBUTION_DAYS = 30;

/**
 * The script a website includes to report conversions:
 *
 *   <script src="https://crier.example/api/conversions/crier.js" async></script>
 *   <script>window.crier=window.crier||{q:[]};crier.q.push(['convert','test_drive_booked',1]);</script>
 *
 * On the landing page it keeps the `crier_cid` of the URL in the site's own localStorage (first
 * party: nothing is set on Crier's domain); `crier.convert(goal, value?, currency?)` then sends the
 * conversion with `sendBeacon` as text/plain, which needs no CORS preflight and survives the page
 * being left. Calls queued in `crier.q` before the script loaded are sent when it runs.
 */
export const CONVERSION_SCRIPT = `(function () {
  var KEY = 'crier_click';
  var MAX_AGE = ${ATTRIBUTION_DAYS} * 864e5;
  var script = document.currentScript;
  var endpoint = new URL('/api/conversions', script && script.src ? script.src : location.href).href;
  function remember() {
    try {
      var id = new URLSearchParams(location.search).get('${CLICK_ID_PARAM}');
      if (id) localStorage.setItem(KEY, JSON.stringify({ id: id, at: Date.now() }));
    } catch (e) { /* storage refused (private mode): attribution is lost for this visit, the page works */ }
  }
  function clickId() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || 'null');
      return saved && Date.now() - saved.at < MAX_AGE ? saved.id : null;
    } catch (e) { return null; }
  }
  function convert(goal, value, currency) {
    var id = clickId();
    if (!id || !goal) return false;
    var body = JSON.stringify({ clickId: id, goal: String(goal), value: typeof value === 'number' ? value : null, currency: currency || null });
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' }))) return true;
    fetch(endpoint, { method: 'POST', body: body, headers: { 'content-type': 'text/plain' }, keepalive: true, mode: 'cors' });
    return true;
  }
  remember();
  var queued = (window.crier && window.crier.q) || [];
  window.crier = { convert: convert, clickId: clickId, q: { push: function (call) { if (call && call[0] === 'convert') convert(call[1], call[2], call[3]); } } };
  for (var i = 0; i < queued.length; i++) window.crier.q.push(queued[i]);
})();
`;
