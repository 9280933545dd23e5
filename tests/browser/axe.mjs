// axe.mjs - browser checks of the built site, in Debian's Chromium driven
// by playwright-core (no browser is ever downloaded).
//
//   node tests/browser/axe.mjs --base http://127.0.0.1:PORT --shots DIR
//        [--results FILE] [--chromium /usr/bin/chromium] [PATH...]
//
// PATH... are root-relative pages (default: the ten pages below, and the
// search page of each language with results).  For
// each page, at 390 px and 1280 px wide: a full-page screenshot
// (DIR/<name>-<width>.png), axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa,
// best-practice) and a check that nothing scrolls sideways.  Then: the
// Georgian text is drawn in a Georgian face, the home page weight (HTML,
// CSS, JS, everything but images, < 100 KB transferred, no fonts), the
// search page (Georgian and English partial words, typed into the search
// box; the header form; without JavaScript), and no request at all goes
// to a host other than the base URL.
//
// One line per check goes to FILE (default stdout), "PASS<TAB>what" or
// "FAIL<TAB>what<TAB>detail"; details of failures go to stdout.  Exit 0
// when every check passed, 1 when one failed, 2 when the browser could
// not run.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AXE_SRC = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const WIDTHS = [390, 1280];
const WEIGHT_LIMIT = 100 * 1024;

const DEFAULT_PAGES = [
	'/', '/news/', '/guides/participation-guidebook/02-legal-framework/',
	'/benchmarking/', '/benchmarking/ozurgeti/',
	'/en/', '/en/news/', '/en/guides/participation-guidebook/02-legal-framework/',
	'/en/benchmarking/', '/en/benchmarking/ozurgeti/',
	'/search/?q=ბიუჯეტ', '/en/search/?q=budget',
];

function parseArgs(argv) {
	const o = { base: null, shots: null, results: null, chromium: '/usr/bin/chromium', pages: [] };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--base') o.base = argv[++i].replace(/\/+$/, '');
		else if (a === '--shots') o.shots = argv[++i];
		else if (a === '--results') o.results = argv[++i];
		else if (a === '--chromium') o.chromium = argv[++i];
		else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
		else o.pages.push(a);
	}
	if (!o.base) throw new Error('--base URL is required');
	if (!o.pages.length) o.pages = DEFAULT_PAGES;
	return o;
}

const opts = parseArgs(process.argv.slice(2));
const origin = new URL(opts.base).origin;
const out = opts.results ? fs.openSync(opts.results, 'w') : 1;
let failed = 0;
let checks = 0;

function report(okay, what, detail = '') {
	checks++;
	const line = okay ? `PASS\t${what}\n` : `FAIL\t${what}\t${String(detail).replace(/\s+/g, ' ').slice(0, 300)}\n`;
	fs.writeSync(out, line);
	if (!okay) {
		failed++;
		if (out !== 1) console.log(`FAIL ${what}: ${detail}`);
	}
}

// "/" -> "ka-home", "/en/benchmarking/ozurgeti/" -> "en-benchmarking-ozurgeti"
function shotName(p) {
	const parts = p.split(/[/?#&]+|=.*/).filter(Boolean);
	const lang = parts[0] === 'en' ? parts.shift() : 'ka';
	const rest = parts.map((s) => s.replace(/[^A-Za-z0-9_-]/g, '')).filter(Boolean);
	return `${lang}-${rest.length ? rest.join('-') : 'home'}`;
}

// Every request of every page of a context goes through here.
const foreign = new Set();
function watch(context) {
	context.on('request', (req) => {
		const u = req.url();
		if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return;
		let o;
		try { o = new URL(u).origin; } catch { o = u; }
		if (o !== origin) foreign.add(u);
	});
}

async function runAxe(page) {
	await page.evaluate(AXE_SRC);
	return page.evaluate(async (tags) => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 200) })),
		}));
	}, AXE_TAGS);
}

function describeViolations(vs) {
	const lines = [];
	for (const v of vs) {
		lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))`);
		for (const n of v.nodes.slice(0, 5)) {
			lines.push(`      ${n.target}`);
			lines.push(`        ${n.html}`);
			if (n.summary) lines.push(`        ${n.summary.replace(/\n/g, '\n        ')}`);
		}
	}
	return lines.join('\n');
}

// One tab per width, side by side; results reported in a fixed order.
async function checkPagesAt(context, width) {
	const rows = [];
	const page = await context.newPage();
	await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
	for (const p of opts.pages) {
		const what = `${p} at ${width}px`;
		const resp = await page.goto(origin + p, { waitUntil: 'load' });
		if (!resp || !resp.ok()) {
			rows.push([false, `loads ${what}`, resp ? `HTTP ${resp.status()}` : 'no response']);
			continue;
		}
		// results of the search page come from a fetch: let them land
		if (p.includes('?q=')) {
			await page.locator('#search-results li').first().waitFor({ timeout: 10000 }).catch(() => {});
		}
		if (opts.shots) {
			await page.screenshot({ path: path.join(opts.shots, `${shotName(p)}-${width}.png`), fullPage: true });
		}
		const vs = await runAxe(page);
		if (vs.length) console.log(`axe: ${what}: ${vs.length} violation(s)\n${describeViolations(vs)}`);
		rows.push([vs.length === 0, `axe: no violations on ${what}`, vs.map((v) => `${v.id} (${v.nodes.length})`).join(', ')]);
		const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		rows.push([over <= 0, `no sideways scrolling on ${what}`, `page is ${over}px wider than the viewport`]);
	}
	await page.close();
	return rows;
}

async function checkPages(context) {
	const all = await Promise.all(WIDTHS.map((w) => checkPagesAt(context, w)));
	for (const rows of all) for (const r of rows) report(...r);
}

// The families Chromium actually drew a node's text with (CDP).
async function platformFonts(page, selector) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('DOM.enable');
	await cdp.send('CSS.enable');
	const { root } = await cdp.send('DOM.getDocument');
	const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
	if (!nodeId) return [];
	const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
	await cdp.detach();
	return fonts.map((f) => f.familyName);
}

async function checkFonts(context) {
	const page = await context.newPage();
	await page.goto(origin + '/', { waitUntil: 'load' });
	// h1 and the brand are Georgian only; a paragraph may mix in Latin
	for (const [sel, all] of [['main h1', true], ['.brand-name', true], ['main p', false]]) {
		const fams = await platformFonts(page, sel);
		const geo = (f) => /georgian|bpg|dejavu/i.test(f);
		report(fams.length > 0 && (all ? fams.every(geo) : fams.some(geo)),
			`Georgian text (${sel} of /) is drawn in a Georgian face`, `fonts used: ${fams.join(', ') || 'none'}`);
	}
	await page.close();
}

async function checkWeight(browserContextFactory, p) {
	const context = await browserContextFactory();
	const page = await context.newPage();
	const seen = [];
	page.on('requestfinished', (req) => seen.push(req));
	await page.goto(origin + p, { waitUntil: 'load' });
	await page.waitForLoadState('networkidle').catch(() => {});
	let bytes = 0, fonts = 0;
	const rows = [];
	for (const req of seen) {
		const type = req.resourceType();
		if (type === 'font') fonts++;
		if (type === 'image') continue;
		const s = await req.sizes();
		const n = s.responseBodySize + s.responseHeadersSize;
		bytes += n;
		rows.push(`${type} ${req.url().slice(origin.length)} ${n}`);
	}
	console.log(`weight of ${p}: ${bytes} bytes without images (${rows.join('; ')})`);
	report(bytes > 0 && bytes < WEIGHT_LIMIT, `${p} weighs under 100 KB without images`, `${bytes} bytes: ${rows.join('; ')}`);
	report(fonts === 0, `${p} downloads no web fonts`, `${fonts} font request(s)`);
	// render-blocking: every stylesheet and every script without
	// defer/async must come from this site
	const blocking = await page.evaluate(() => [
		...[...document.querySelectorAll('link[rel~="stylesheet"]')].map((l) => l.href),
		...[...document.querySelectorAll('head script[src]:not([defer]):not([async]):not([type="module"])')].map((s) => s.src),
	].filter((u) => new URL(u).origin !== location.origin));
	report(blocking.length === 0, `${p} has no third-party render-blocking resource`, blocking.join(' '));
	await context.close();
}

// Type a word into the search box of the search page, submit with Enter,
// and look at the results.
async function checkSearch(context, searchPath, query, wantHref, wantTitle) {
	const page = await context.newPage();
	await page.goto(origin + searchPath, { waitUntil: 'load' });
	const box = page.locator('main input[type="search"]');
	if (await box.count() !== 1) {
		report(false, `search page ${searchPath} has one search box in main`, `${await box.count()} found`);
		await page.close();
		return;
	}
	await box.click();
	await page.keyboard.type(query);
	await page.keyboard.press('Enter');
	const results = page.locator('#search-results li');
	try {
		await results.first().waitFor({ timeout: 10000 });
	} catch {
		report(false, `search for "${query}" on ${searchPath} shows results`, 'no result appeared in 10 s');
		await page.close();
		return;
	}
	const items = await page.$$eval('#search-results li a', (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
	const status = (await page.locator('#search-status').textContent()).trim();
	const url = new URL(page.url());
	report(items.length > 0, `search for "${query}" on ${searchPath} shows results`, status);
	report(items.some((i) => wantHref.test(i.href)), `search for "${query}" finds a page at ${wantHref}`,
		items.slice(0, 8).map((i) => i.href).join(' '));
	report(wantTitle.test(items[0].text), `search for "${query}": a title match ranks first`, `first: ${items[0].text}`);
	report(url.searchParams.get('q') === query, `search for "${query}" keeps the query in the address (?q=)`, page.url());
	report(status.length > 0 && /\d/.test(status), `search for "${query}" announces the count in the status region`, status);
	const live = await page.locator('#search-status').getAttribute('aria-live') || await page.locator('#search-status').getAttribute('role');
	report(Boolean(live), 'search status is a live region', 'no aria-live or role');
	// keyboard: from the search box, Tab reaches the results
	await box.focus();
	let reached = false;
	for (let i = 0; i < 6 && !reached; i++) {
		await page.keyboard.press('Tab');
		reached = await page.evaluate(() => Boolean(document.activeElement && document.activeElement.closest('#search-results')));
	}
	report(reached, `search results of "${query}" are reachable with Tab`, 'Tab from the box never reached a result');
	await page.close();
}

// The header form of every page is a plain GET form to the search page.
async function checkHeaderSearch(context, homePath, searchPath, query) {
	const page = await context.newPage();
	await page.goto(origin + homePath, { waitUntil: 'load' });
	const box = page.locator('header input[type="search"]');
	if (await box.count() !== 1) {
		report(false, `${homePath} has a search box in the header`, `${await box.count()} found`);
		await page.close();
		return;
	}
	report(true, `${homePath} has a search box in the header`);
	await box.fill(query);
	await Promise.all([page.waitForURL((u) => u.pathname === searchPath), box.press('Enter')]);
	let ok = true;
	try { await page.locator('#search-results li').first().waitFor({ timeout: 10000 }); } catch { ok = false; }
	report(ok && new URL(page.url()).searchParams.get('q') === query,
		`the header search of ${homePath} leads to ${searchPath}?q= with results`, page.url());
	await page.close();
}

async function checkNoScript(launch, searchPath, sitemap) {
	const context = await launch({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(origin + searchPath + '?q=test', { waitUntil: 'load' });
	const link = page.locator(`main a[href="${sitemap}"]`);
	report(await link.count() > 0 && await link.first().isVisible(),
		`without JavaScript ${searchPath} shows a link to the sitemap`, 'no visible sitemap link');
	const note = page.locator('main .search-noscript');
	report(await note.count() > 0 && await note.first().isVisible(),
		`without JavaScript ${searchPath} explains that search needs it`, 'no visible <noscript> note');
	const sections = await page.locator('main nav a').count();
	report(sections >= 5, `without JavaScript ${searchPath} lists the site's sections`, `${sections} links`);
	await context.close();
}

// Runs one group of checks and logs how long it took.
async function step(name, fn) {
	const t0 = Date.now();
	await fn();
	console.log(`time: ${name.trim()}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'csogen-chromium-'));
process.env.HOME = tmp;
process.env.XDG_CONFIG_HOME = path.join(tmp, '.config');
process.env.XDG_CACHE_HOME = path.join(tmp, '.cache');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--disable-dev-shm-usage'];

let context;
try {
	// one persistent context (fresh profile folder) for most checks
	context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
		executablePath: opts.chromium, headless: true, args: ARGS,
		viewport: { width: 1280, height: 900 }, locale: 'ka-GE',
	});
} catch (e) {
	console.log(`cannot start ${opts.chromium}: ${e.message}`);
	fs.rmSync(tmp, { recursive: true, force: true });
	process.exit(2);
}
watch(context);
if (opts.shots) fs.mkdirSync(opts.shots, { recursive: true });

try {
	await step('checkPages ' + '', () => checkPages(context));
	await step('checkFonts ' + '', () => checkFonts(context));
	// more contexts, each with a fresh profile (cold cache)
	let n = 0;
	const launch = async (extra = {}) => {
		const c = await chromium.launchPersistentContext(path.join(tmp, `profile-${n++}`), {
			executablePath: opts.chromium, headless: true, args: ARGS,
			viewport: { width: 390, height: 844 }, ...extra,
		});
		watch(c);
		return c;
	};
	await step('checkWeight ' + '/', () => checkWeight(launch, '/'));
	await step('checkWeight ' + '/en/', () => checkWeight(launch, '/en/'));
	await step('checkSearch ' + '/search/', () => checkSearch(context, '/search/', 'ბიუჯეტ', /participatory-budgeting|\/pb-/, /ბიუჯეტ/i));
	await step('checkSearch ' + '/en/search/', () => checkSearch(context, '/en/search/', 'budget', /participatory-budgeting|\/pb-/, /budget/i));
	await step('checkSearch ' + '/en/search/', () => checkSearch(context, '/en/search/', 'BUDG', /participatory-budgeting|\/pb-/, /budg/i));
	await step('checkHeaderSearch ' + '/', () => checkHeaderSearch(context, '/', '/search/', 'ფორუმ'));
	await step('checkHeaderSearch ' + '/en/news/', () => checkHeaderSearch(context, '/en/news/', '/en/search/', 'forum'));
	await step('checkNoScript ' + '/search/', () => checkNoScript(launch, '/search/', '/sitemap.xml'));
	await step('checkNoScript ' + '/en/search/', () => checkNoScript(launch, '/en/search/', '/sitemap.xml'));
	report(foreign.size === 0, 'no request goes to another host', [...foreign].slice(0, 10).join(' '));
} catch (e) {
	report(false, 'browser checks ran to the end', e.stack || e.message);
} finally {
	await context.close().catch(() => {});
	fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`browser: ${checks - failed} of ${checks} checks passed`);
process.exit(failed ? 1 : 0);
