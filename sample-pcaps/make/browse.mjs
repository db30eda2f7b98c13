// Load one URL in Debian's headless firefox-esr (WebDriver BiDi) or chromium (CDP) through
// puppeteer-core, and print on stdout one JSON line with what the browser itself reported:
//   {"browser": "...", "ok": true|false, "status": 200, "error": "<the browser's error code>",
//    "failed": [{"url": "...", "error": "..."}]}     (subresources that failed to load)
// usage: node browse.mjs firefox|chromium URL PROFILE_DIR [TIMEOUT_MS]
// Firefox reads its trusted roots from PROFILE_DIR (an NSS db made with certutil); Chromium from
// $HOME/.pki/nssdb. A fresh PROFILE_DIR per run: no cached sessions, no HSTS, no history.
import puppeteer from 'puppeteer-core';

const [which, url, profile, timeoutArg] = process.argv.slice(2);
if (!['firefox', 'chromium'].includes(which) || !url || !profile) {
  console.error('usage: node browse.mjs firefox|chromium URL PROFILE_DIR [TIMEOUT_MS]');
  process.exit(2);
}
const timeout = Number(timeoutArg || 20000);

const launch = which === 'firefox'
  ? { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', userDataDir: profile, headless: true }
  : { browser: 'chrome', executablePath: '/usr/bin/chromium', userDataDir: profile, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'] };

// The browser's own error code, out of the driver's message:
//   Firefox: "... NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SSL_ERROR_NO_CYPHER_OVERLAP) ..."
//            or "... NS_ERROR_NET_RESET ..."; Chromium: "net::ERR_CERT_DATE_INVALID at https://..."
function code(message) {
  const m = /NS_ERROR_MODULE_SECURITY, (\w+)\)/.exec(message) || /\b(NS_ERROR_\w+)/.exec(message)
    || /(net::ERR_\w+)/.exec(message);
  return m ? m[1] : message.split('\n')[0];
}

const browser = await puppeteer.launch(launch);
const result = { browser: await browser.version(), ok: false, failed: [] };
try {
  const page = await browser.newPage();
  page.on('requestfailed', (r) => {
    if (r.url() !== url) result.failed.push({ url: r.url(), error: code(r.failure()?.errorText || '?') });
  });
  try {
    const response = await page.goto(url, { timeout, waitUntil: 'load' });
    result.ok = true;
    result.status = response ? response.status() : null;
  } catch (e) {
    result.error = e.name === 'TimeoutError'
      ? `no page after ${timeout / 1000} s (the driver gave up; the browser had reported nothing)`
      : code(String(e.message));
  }
} finally {
  console.log(JSON.stringify(result));
  await browser.close();
}
