/* search.js - client-side search of csogeorgia.org (search page only).
 *
 * No dependencies.  Reads ?q=, fetches the index of the page's language
 * (form[data-index]: a JSON list of {t: title, u: url, s: summary,
 * x: plain text}) once, and lists the pages whose title, summary or text
 * contain every word of the query as a substring, ignoring case (so
 * "ბიუჯეტ" finds "ბიუჯეტირება" and "budg" finds "Budgeting").  Title
 * matches rank first, then summary, then text.  Results are links with a
 * snippet; the count goes to a polite live region.  Interface strings
 * come from data-msg-* attributes of the form ({q} and {n} filled in). */
(function () {
	'use strict';
	var form = document.getElementById('search-form');
	var input = document.getElementById('search-q');
	var status = document.getElementById('search-status');
	var list = document.getElementById('search-results');
	if (!form || !input || !status || !list || !window.fetch) return;
	var box = list.parentNode;
	var MAX = 50, CONTEXT = 80, MIN = 2;
	var pageTitle = document.title;
	var loading = null;
	var entries = null;
	var timer = 0;
	var shown = null;

	function msg(name, q, n) {
		return (form.getAttribute('data-msg-' + name) || '')
			.replace('{q}', q).replace('{n}', String(n));
	}
	function fold(s) {
		s = String(s || '');
		return (s.normalize ? s.normalize('NFC') : s).toLowerCase();
	}
	function load() {
		if (!loading) {
			loading = fetch(form.getAttribute('data-index'), { credentials: 'same-origin' })
				.then(function (r) {
					if (!r.ok) throw new Error('HTTP ' + r.status);
					return r.json();
				})
				.then(function (data) {
					var self = form.getAttribute('action');
					return data.filter(function (d) { return d && d.u && d.u !== self; }).map(function (d, i) {
						var t = String(d.t || ''), s = String(d.s || ''), x = String(d.x || '');
						return { i: i, t: t, u: d.u, s: s, x: x, tl: fold(t), sl: fold(s), xl: fold(x) };
					});
				});
			loading.catch(function () { loading = null; });
		}
		return loading;
	}

	function isWordStart(text, at) {
		return at === 0 || /[\s\-–—.,;:!?()"'„“”«»/]/.test(text.charAt(at - 1));
	}
	// Score of one entry for the query words; 0 when a word is missing.
	function score(e, words) {
		var total = 0;
		for (var k = 0; k < words.length; k++) {
			var w = words[k], s = 0, at;
			if ((at = e.tl.indexOf(w)) >= 0) s += isWordStart(e.tl, at) ? 150 : 100;
			if ((at = e.sl.indexOf(w)) >= 0) s += isWordStart(e.sl, at) ? 15 : 10;
			if ((at = e.xl.indexOf(w)) >= 0) s += isWordStart(e.xl, at) ? 2 : 1;
			if (!s) return 0;
			total += s;
		}
		return total;
	}

	// Append text to el with every query word wrapped in <mark>.
	function highlight(el, text, words) {
		var low = fold(text);
		var ranges = [];
		if (low.length === text.length) {
			words.forEach(function (w) {
				for (var at = low.indexOf(w); at >= 0 && w; at = low.indexOf(w, at + w.length))
					ranges.push([at, at + w.length]);
			});
		}
		ranges.sort(function (a, b) { return a[0] - b[0]; });
		var pos = 0;
		ranges.forEach(function (r) {
			if (r[0] < pos) { if (r[1] > pos) r[0] = pos; else return; }
			if (r[0] > pos) el.appendChild(document.createTextNode(text.slice(pos, r[0])));
			var m = document.createElement('mark');
			m.textContent = text.slice(r[0], r[1]);
			el.appendChild(m);
			pos = r[1];
		});
		if (pos < text.length) el.appendChild(document.createTextNode(text.slice(pos)));
	}

	// About 2 × CONTEXT characters of the text around the first match.
	function snippet(e, words) {
		var at = -1, src = e.x, low = e.xl;
		for (var k = 0; k < words.length && at < 0; k++) at = low.indexOf(words[k]);
		if (at < 0 || low.length !== src.length) {
			if (e.s) return e.s;
			at = 0;
		}
		var from = Math.max(0, at - CONTEXT), to = Math.min(src.length, at + CONTEXT * 2);
		if (from > 0) { var sp = src.indexOf(' ', from); if (sp >= 0 && sp < at) from = sp + 1; }
		if (to < src.length) { var ep = src.lastIndexOf(' ', to); if (ep > at) to = ep; }
		return (from > 0 ? '… ' : '') + src.slice(from, to) + (to < src.length ? ' …' : '');
	}

	function clear() {
		while (list.firstChild) list.removeChild(list.firstChild);
	}

	function render(q, hits, words) {
		clear();
		hits.slice(0, MAX).forEach(function (h) {
			var li = document.createElement('li');
			li.className = 'search-item';
			var h3 = document.createElement('h3');
			h3.className = 'search-item-title';
			var a = document.createElement('a');
			a.href = h.u;
			highlight(a, h.t || h.u, words);
			h3.appendChild(a);
			li.appendChild(h3);
			var url = document.createElement('p');
			url.className = 'search-item-url';
			try { url.textContent = decodeURI(h.u); } catch (err) { url.textContent = h.u; }
			li.appendChild(url);
			var sn = snippet(h, words);
			if (sn) {
				var p = document.createElement('p');
				p.className = 'search-item-snippet';
				highlight(p, sn, words);
				li.appendChild(p);
			}
			list.appendChild(li);
		});
		box.hidden = hits.length === 0;
		var text = hits.length === 0 ? msg('none', q, 0)
			: hits.length === 1 ? msg('one', q, 1) : msg('many', q, hits.length);
		if (hits.length > MAX) text += ' ' + msg('limited', q, MAX);
		status.textContent = text;
	}

	function remember(q) {
		if (!window.history || !history.replaceState) return;
		var u = new URL(window.location.href);
		if (q) u.searchParams.set('q', q); else u.searchParams.delete('q');
		if (u.href !== window.location.href) history.replaceState(null, '', u.href);
		document.title = q ? q + ' — ' + pageTitle : pageTitle;
	}

	function run() {
		var q = input.value.replace(/\s+/g, ' ').trim();
		if (q === shown) return;
		shown = q;
		remember(q);
		var words = fold(q).split(' ').filter(Boolean);
		if (!q) {
			clear();
			box.hidden = true;
			status.textContent = '';
			return;
		}
		if (q.length < MIN) {
			clear();
			box.hidden = true;
			status.textContent = msg('short', q, MIN);
			return;
		}
		if (!entries) status.textContent = msg('loading', q, 0);
		load().then(function (all) {
			entries = all;
			if (q !== shown) return;
			var hits = [];
			entries.forEach(function (e) {
				var s = score(e, words);
				if (s) hits.push({ s: s, e: e });
			});
			hits.sort(function (a, b) { return b.s - a.s || a.e.i - b.e.i; });
			render(q, hits.map(function (h) { return h.e; }), words);
		}, function () {
			if (q !== shown) return;
			clear();
			box.hidden = true;
			status.textContent = msg('error', q, 0);
			shown = null;
		});
	}

	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
		clearTimeout(timer);
		shown = null;
		run();
	});
	input.addEventListener('input', function () {
		clearTimeout(timer);
		timer = setTimeout(run, 250);
	});
	input.addEventListener('focus', function () { load().catch(function () {}); }, { once: true });

	var q0 = new URLSearchParams(window.location.search).get('q');
	if (q0) {
		input.value = q0;
		run();
	}
})();
