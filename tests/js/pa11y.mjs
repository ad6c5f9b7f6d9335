// Check rendered pages with pa11y's HTML_CodeSniffer runner (WCAG 2 AA), a second engine
// beside axe. Reads a JSON list of {url, cookie} from stdin; prints
// {url: {errors: [...], title}} on stdout (the title shows a page was not the login page). Drives Debian's Chromium (/usr/bin/chromium): puppeteer never downloads a
// browser (.puppeteerrc.cjs). Only errors count: warnings and notices need a person.
import pa11y from "pa11y";
import puppeteer from "puppeteer";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

const pages = JSON.parse(await readStdin());
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"],
});
const results = {};
try {
  for (const { url, cookie } of pages) {
    const found = await pa11y(url, {
      browser,
      runners: ["htmlcs"],
      standard: "WCAG2AA",
      headers: cookie ? { Cookie: cookie } : {},
      timeout: 30000,
    });
    results[url] = {
      title: found.documentTitle,
      errors: found.issues
        .filter((issue) => issue.type === "error")
        .map((issue) => `${issue.code}: ${issue.message} -> ${issue.selector}`),
    };
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
