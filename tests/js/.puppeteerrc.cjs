// pa11y drives Debian's Chromium (/usr/bin/chromium, see pa11y.mjs): never download a browser.
module.exports = { skipDownload: true };
