// The script of the page `llmops export --format html` writes: search, filters with counts, sort,
// the filter state in the URL and a detail view, over the cases in the page's JSON data block.
// Inlined in the page as a script element and allowed by its hash in the page's Content-Security-Policy.
// Every value from the data goes into the page as text (textContent, createTextNode): never as HTML.
(() => {
  'use strict';

  const PAGE_SIZE = 50; // cards rendered at once; "Show more" adds as many again
  const SUMMARY_CHARS = 280; // of a summary on a card
  const CARD_TAGS = 8; // tags on a card (selected ones first); the detail view shows them all
  const TYPING_DELAY_MS = 80; // search waits this long after the last key
  const NO_INDUSTRY = '(none)'; // the URL value of "no industry given"
  const NO_YEAR = 'unknown'; // the URL value of "no year given"

  const data = JSON.parse(document.getElementById('llmops-data').textContent);
  const families = data.families;
  const tags = data.tags;
  const industries = data.industries;
  const cases = data.cases;
  const N = cases.length;
  const numbers = new Intl.NumberFormat('en-US');
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

  // ---- Text folding: case and Latin accents, as `llmops query` folds words.

  const EXTRA_FOLD = {
    'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'þ': 'th',
    'ł': 'l', 'ı': 'i', 'ĳ': 'ij', 'ŀ': 'l', 'ħ': 'h', 'ŧ': 't', 'ŋ': 'n', 'ſ': 's',
  };
  const EXTRA_FOLD_RE = /[ßæœøđðþłıĳŀħŧŋſ]/g;
  const LATIN_MARKS_RE = /[\u0300-\u036f]/g;
  const SEPARATORS_RE = /[^\p{L}\p{N}\p{M}]+/u;
  const WORD_CHAR_RE = /[\p{L}\p{N}\p{M}]/u;

  function fold(text) {
    return text.toLowerCase().normalize('NFD').replace(LATIN_MARKS_RE, '')
      .replace(EXTRA_FOLD_RE, (c) => EXTRA_FOLD[c]);
  }

  function words(text) {
    return fold(text).split(SEPARATORS_RE).filter((w) => w !== '');
  }

  // " w1 w2 ... ": a word prefix p is found as " p", a whole word as " p ".
  function searchable(text) {
    const list = words(text || '');
    return list.length === 0 ? '' : ' ' + list.join(' ') + ' ';
  }

  // ---- What each case is, computed once.

  const yearList = [];
  let hasNoYear = false;
  let hasNoIndustry = false;
  for (const c of cases) {
    if (typeof c.year === 'number') {
      if (!yearList.includes(c.year)) {
        yearList.push(c.year);
      }
    } else {
      hasNoYear = true;
    }
    if (typeof c.industry !== 'number') {
      hasNoIndustry = true;
    }
  }
  yearList.sort((a, b) => b - a);
  const yearSlots = new Map(yearList.map((y, slot) => [y, slot]));
  const noYearSlot = yearList.length; // used only when hasNoYear
  const noIndustrySlot = industries.length; // used only when hasNoIndustry

  const yearSlot = new Int32Array(N);
  const industrySlot = new Int32Array(N);
  const tagsOf = new Array(N);
  const titleText = new Array(N);
  const companyText = new Array(N);
  const summaryText = new Array(N);
  const keyOf = new Array(N);
  const byKey = new Map();
  for (let i = 0; i < N; i++) {
    const c = cases[i];
    yearSlot[i] = typeof c.year === 'number' ? yearSlots.get(c.year) : noYearSlot;
    industrySlot[i] = typeof c.industry === 'number' ? c.industry : noIndustrySlot;
    tagsOf[i] = Array.isArray(c.tags) ? c.tags : [];
    titleText[i] = searchable(c.title);
    companyText[i] = searchable(c.company);
    summaryText[i] = searchable(c.summary);
    keyOf[i] = c.id || c.path;
    if (!byKey.has(keyOf[i])) {
      byKey.set(keyOf[i], i);
    }
  }

  // Newest: year, then catalogued date, newest first (unknown last), then title A-Z.
  function titleOf(c) {
    return c.title || c.path;
  }
  const orderNewest = Array.from({ length: N }, (_, i) => i).sort((a, b) => {
    const ya = cases[a].year ?? -Infinity;
    const yb = cases[b].year ?? -Infinity;
    if (ya !== yb) {
      return yb - ya;
    }
    const ca = cases[a].created || '';
    const cb = cases[b].created || '';
    if (ca !== cb) {
      return ca < cb ? 1 : -1;
    }
    return collator.compare(titleOf(cases[a]), titleOf(cases[b])) || a - b;
  });
  const newestRank = new Int32Array(N);
  orderNewest.forEach((i, rank) => {
    newestRank[i] = rank;
  });
  const orderTitle = Array.from({ length: N }, (_, i) => i).sort(
    (a, b) => collator.compare(titleOf(cases[a]), titleOf(cases[b])) || newestRank[a] - newestRank[b]);

  // ---- State: what is selected, and where it lives in the URL.

  const state = {
    q: '',
    mode: 'and',
    sort: 'relevance',
    tags: new Uint8Array(tags.length),
    industries: new Uint8Array(industries.length + 1),
    years: new Uint8Array(yearList.length + 1),
    shown: PAGE_SIZE,
    open: -1,
  };
  let searchPatterns = [];
  let searchWords = [];
  let searchMatch = null; // Uint8Array, null when there is no search text
  let score = null;
  let results = [];

  const tagBySlug = new Map();
  tags.forEach((t, slot) => {
    if (!tagBySlug.has(t.slug)) {
      tagBySlug.set(t.slug, slot);
    }
  });
  const industryBySlug = new Map(industries.map((ind, slot) => [ind.slug, slot]));

  function countSelected(flags) {
    let n = 0;
    for (let s = 0; s < flags.length; s++) {
      n += flags[s];
    }
    return n;
  }

  function industryValue(slot) {
    return slot === noIndustrySlot ? NO_INDUSTRY : industries[slot].slug;
  }

  function yearValue(slot) {
    return slot === noYearSlot ? NO_YEAR : String(yearList[slot]);
  }

  function stateParams(withCase) {
    const p = new URLSearchParams();
    if (state.q !== '') {
      p.set('q', state.q);
    }
    state.tags.forEach((on, slot) => on && p.append('tag', tags[slot].slug));
    if (state.mode === 'or') {
      p.set('mode', 'or');
    }
    state.industries.forEach((on, slot) => on && p.append('industry', industryValue(slot)));
    state.years.forEach((on, slot) => on && p.append('year', yearValue(slot)));
    if (state.sort !== 'relevance') {
      p.set('sort', state.sort);
    }
    if (withCase && state.open >= 0) {
      p.set('case', keyOf[state.open]);
    }
    return p.toString();
  }

  function writeUrl() {
    const params = stateParams(true);
    const target = params === '' ? '' : '#' + params;
    if (target !== location.hash) {
      history.replaceState(null, '', target === '' ? location.pathname + location.search : target);
    }
  }

  function readUrl() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ''));
    state.q = p.get('q') || '';
    state.mode = p.get('mode') === 'or' ? 'or' : 'and';
    const sort = p.get('sort');
    state.sort = sort === 'newest' || sort === 'az' ? sort : 'relevance';
    state.tags.fill(0);
    for (const slug of p.getAll('tag')) {
      if (tagBySlug.has(slug)) {
        state.tags[tagBySlug.get(slug)] = 1;
      }
    }
    state.industries.fill(0);
    for (const value of p.getAll('industry')) {
      if (value === NO_INDUSTRY && hasNoIndustry) {
        state.industries[noIndustrySlot] = 1;
      } else if (industryBySlug.has(value)) {
        state.industries[industryBySlug.get(value)] = 1;
      }
    }
    state.years.fill(0);
    for (const value of p.getAll('year')) {
      if (value === NO_YEAR && hasNoYear) {
        state.years[noYearSlot] = 1;
      } else if (yearSlots.has(Number(value)) && /^-?\d+$/.test(value)) {
        state.years[yearSlots.get(Number(value))] = 1;
      }
    }
    state.shown = PAGE_SIZE;
    const key = p.get('case');
    state.open = key !== null && byKey.has(key) ? byKey.get(key) : -1;
  }

  // ---- Search: every word (or "quoted phrase") must start a word of the title, company or summary.

  function parseSearch(text) {
    const patterns = [];
    const plain = [];
    const phrase = /"([^"]*)"?/g;
    for (const m of text.matchAll(phrase)) {
      const w = words(m[1]);
      if (w.length > 0) {
        patterns.push(' ' + w.join(' '));
        plain.push(...w);
      }
    }
    for (const w of words(text.replace(phrase, ' '))) {
      patterns.push(' ' + w);
      plain.push(w);
    }
    return { patterns, plain };
  }

  function computeSearch() {
    const parsed = parseSearch(state.q);
    searchPatterns = parsed.patterns;
    searchWords = parsed.plain;
    if (searchPatterns.length === 0) {
      searchMatch = null;
      score = null;
      return;
    }
    searchMatch = new Uint8Array(N);
    score = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const title = titleText[i];
      const company = companyText[i];
      const summary = summaryText[i];
      let sum = 0;
      let all = true;
      for (const p of searchPatterns) {
        const whole = p + ' ';
        let hit = 0;
        // A title hit outranks a company hit, which outranks a summary hit.
        if (title.includes(p)) {
          hit += title.includes(whole) ? 12 : 8;
        }
        if (company.includes(p)) {
          hit += company.includes(whole) ? 7 : 5;
        }
        if (summary.includes(p)) {
          hit += summary.includes(whole) ? 3 : 2;
        }
        if (hit === 0) {
          all = false;
          break;
        }
        sum += hit;
      }
      if (all) {
        searchMatch[i] = 1;
        score[i] = sum;
      }
    }
  }

  // ---- Filtering and counting, in one pass over the cases.

  const industryCounts = new Int32Array(industries.length + 1);
  const yearCounts = new Int32Array(yearList.length + 1);
  const tagCounts = new Int32Array(tags.length);
  let total = 0;

  function effectiveSort() {
    return state.sort === 'relevance' && searchMatch === null ? 'newest' : state.sort;
  }

  // Each count answers "how many cases would match if this value were added": industries and
  // years are alternatives within their group (OR), so their counts ignore their own group's
  // selection; tags in AND mode narrow the matches, in OR mode they are alternatives too.
  function filter() {
    industryCounts.fill(0);
    yearCounts.fill(0);
    tagCounts.fill(0);
    const anyIndustry = countSelected(state.industries) === 0;
    const anyYear = countSelected(state.years) === 0;
    const tagsWanted = countSelected(state.tags);
    const orMode = state.mode === 'or';
    const matched = new Uint8Array(N);
    total = 0;
    for (let i = 0; i < N; i++) {
      if (searchMatch !== null && searchMatch[i] === 0) {
        continue;
      }
      const inIndustry = anyIndustry || state.industries[industrySlot[i]] === 1;
      const inYear = anyYear || state.years[yearSlot[i]] === 1;
      const own = tagsOf[i];
      let inTags = true;
      if (tagsWanted > 0) {
        let hits = 0;
        for (let k = 0; k < own.length; k++) {
          hits += state.tags[own[k]];
        }
        inTags = orMode ? hits > 0 : hits === tagsWanted;
      }
      if (inYear && inTags) {
        industryCounts[industrySlot[i]]++;
      }
      if (inIndustry && inTags) {
        yearCounts[yearSlot[i]]++;
      }
      if (inIndustry && inYear && (orMode || inTags)) {
        for (let k = 0; k < own.length; k++) {
          tagCounts[own[k]]++;
        }
      }
      if (inIndustry && inYear && inTags) {
        matched[i] = 1;
        total++;
      }
    }
    const sort = effectiveSort();
    if (sort === 'relevance') {
      results = [];
      for (let i = 0; i < N; i++) {
        if (matched[i] === 1) {
          results.push(i);
        }
      }
      results.sort((a, b) => score[b] - score[a] || newestRank[a] - newestRank[b]);
    } else {
      results = (sort === 'az' ? orderTitle : orderNewest).filter((i) => matched[i] === 1);
    }
  }

  // ---- Building elements; text only ever as text.

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  const ASCII_RE = /^[\x00-\x7f]*$/;
  const foldedChars = new Map(); // character -> its folded form, for marking search words

  // Appends `text` to `parent`, with the words of the search marked where a word starts with them.
  function appendMarked(parent, text) {
    if (searchWords.length === 0 || text === '') {
      parent.append(text);
      return;
    }
    // Fold, remembering where each folded character came from: ASCII folds in place (the
    // common case, and fast); other text character by character.
    let folded = '';
    let from = null;
    if (ASCII_RE.test(text)) {
      folded = text.toLowerCase();
      from = { at: (k) => k };
    } else {
      const positions = [];
      let offset = 0;
      for (const ch of text) {
        let f = foldedChars.get(ch);
        if (f === undefined) {
          f = fold(ch);
          foldedChars.set(ch, f);
        }
        for (let k = 0; k < f.length; k++) {
          positions.push(offset);
        }
        folded += f;
        offset += ch.length;
      }
      positions.push(offset);
      from = { at: (k) => positions[k] };
    }
    const ranges = [];
    for (const w of searchWords) {
      let at = folded.indexOf(w);
      while (at !== -1) {
        const before = at === 0 ? '' : folded[at - 1];
        if (before === '' || !WORD_CHAR_RE.test(before)) {
          ranges.push([from.at(at), from.at(at + w.length)]);
        }
        at = folded.indexOf(w, at + 1);
      }
    }
    if (ranges.length === 0) {
      parent.append(text);
      return;
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let cursor = 0;
    for (const [start, end] of ranges) {
      if (end <= cursor) {
        continue;
      }
      const begin = Math.max(start, cursor);
      parent.append(text.slice(cursor, begin));
      parent.append(el('mark', '', text.slice(begin, end)));
      cursor = end;
    }
    parent.append(text.slice(cursor));
  }

  function excerpt(text) {
    if (text.length <= SUMMARY_CHARS) {
      return text;
    }
    const cut = text.lastIndexOf(' ', SUMMARY_CHARS);
    return text.slice(0, cut > SUMMARY_CHARS / 2 ? cut : SUMMARY_CHARS).trimEnd() + '…';
  }

  // An http(s) URL as a link target, or null: nothing else becomes clickable.
  function webUrl(text) {
    if (typeof text !== 'string' || !/^\s*https?:/i.test(text)) {
      return null;
    }
    try {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function caseHref(i) {
    const params = stateParams(false);
    const key = new URLSearchParams({ case: keyOf[i] }).toString();
    return '#' + (params === '' ? key : params + '&' + key);
  }

  function industryLabel(c) {
    return typeof c.industry === 'number' ? industries[c.industry].label : '';
  }

  function renderCard(i) {
    const c = cases[i];
    const card = el('li', 'card');
    const heading = el('h2');
    const link = el('a');
    link.href = caseHref(i);
    link.dataset.index = String(i);
    appendMarked(link, titleOf(c));
    heading.append(link);
    card.append(heading);

    const meta = el('p', 'meta');
    if (c.company) {
      const company = el('span', 'company');
      appendMarked(company, c.company);
      meta.append(company);
    }
    if (typeof c.industry === 'number') {
      meta.append(el('span', 'industry', industryLabel(c)));
    }
    meta.append(el('span', 'year', typeof c.year === 'number' ? c.year : 'year unknown'));
    if (c.status && c.status !== 'published') {
      meta.append(el('span', 'status', c.status));
    }
    card.append(meta);

    if (c.summary) {
      const summary = el('p', 'summary');
      appendMarked(summary, excerpt(c.summary));
      card.append(summary);
    }
    const own = tagsOf[i];
    if (own.length > 0) {
      const list = el('ul', 'tags');
      list.setAttribute('aria-label', 'Tags');
      const chosen = own.filter((slot) => state.tags[slot] === 1);
      const shownTags = chosen.concat(own.filter((slot) => state.tags[slot] === 0)).slice(0, CARD_TAGS);
      for (const slot of shownTags) {
        list.append(el('li', state.tags[slot] === 1 ? 'chip selected' : 'chip', tags[slot].label));
      }
      if (own.length > shownTags.length) {
        list.append(el('li', 'chip more-tags', '+' + (own.length - shownTags.length) + ' more'));
      }
      card.append(list);
    }
    return card;
  }

  // ---- The page's parts.

  const searchInput = document.getElementById('q');
  const sortSelect = document.getElementById('sort');
  const countLine = document.getElementById('count');
  const list = document.getElementById('list');
  const empty = document.getElementById('empty');
  const more = document.getElementById('more');
  const activeList = document.getElementById('active');
  const clearButton = document.getElementById('clear');
  const tagFind = document.getElementById('tag-find');
  const filtersPanel = document.getElementById('filters');
  const filtersToggle = document.getElementById('filters-toggle');
  const dialog = document.getElementById('detail');
  const modeInputs = document.querySelectorAll('input[name="mode"]');

  // One checkbox with a label and a count; `flags[slot]` is what it selects.
  function makeOption(name, value, label, flags, slot) {
    const item = el('li', 'option');
    const labelNode = el('label');
    const input = el('input');
    input.type = 'checkbox';
    input.name = name;
    input.value = value;
    input.addEventListener('change', () => {
      flags[slot] = input.checked ? 1 : 0;
      state.shown = PAGE_SIZE;
      refresh();
    });
    const count = el('span', 'option-count', '0');
    count.setAttribute('aria-label', '0 cases');
    labelNode.append(input, el('span', 'option-label', label), count);
    item.append(labelNode);
    return { item, input, count, last: -1, flags, slot, label, name, value };
  }

  const overallIndustry = new Int32Array(industries.length + 1);
  const overallTag = new Int32Array(tags.length);
  for (let i = 0; i < N; i++) {
    overallIndustry[industrySlot[i]]++;
    for (const slot of tagsOf[i]) {
      overallTag[slot]++;
    }
  }
  const byCountThenLabel = (counts, label) => (a, b) =>
    counts[b] - counts[a] || collator.compare(label(a), label(b)) || a - b;

  const industryOptions = [];
  {
    const slots = industries.map((_, slot) => slot);
    if (hasNoIndustry) {
      slots.push(noIndustrySlot);
    }
    const label = (slot) => (slot === noIndustrySlot ? 'Not given' : industries[slot].label);
    slots.sort(byCountThenLabel(overallIndustry, label));
    const target = document.getElementById('industry-options');
    for (const slot of slots) {
      const option = makeOption('industry', industryValue(slot), label(slot), state.industries, slot);
      industryOptions.push(option);
      target.append(option.item);
    }
  }

  const yearOptions = [];
  {
    const target = document.getElementById('year-options');
    const slots = yearList.map((_, slot) => slot);
    if (hasNoYear) {
      slots.push(noYearSlot);
    }
    for (const slot of slots) {
      const label = slot === noYearSlot ? 'Unknown' : String(yearList[slot]);
      const option = makeOption('year', yearValue(slot), label, state.years, slot);
      yearOptions.push(option);
      target.append(option.item);
    }
  }

  const tagOptions = [];
  const familyParts = [];
  {
    const target = document.getElementById('tag-families');
    families.forEach((family, rank) => {
      const slots = [];
      tags.forEach((t, slot) => {
        if (t.family === rank) {
          slots.push(slot);
        }
      });
      if (slots.length === 0) {
        return;
      }
      slots.sort(byCountThenLabel(overallTag, (slot) => tags[slot].label));
      const details = el('details', 'family');
      details.open = rank === 0;
      const summary = el('summary');
      const selected = el('span', 'family-selected');
      summary.append(family.label + ' ', selected);
      const options = el('ul', 'options');
      options.setAttribute('aria-label', family.label + ' tags');
      const members = [];
      for (const slot of slots) {
        const option = makeOption('tag', tags[slot].slug, tags[slot].label, state.tags, slot);
        option.find = fold(tags[slot].label + ' ' + tags[slot].slug);
        members.push(option);
        tagOptions.push(option);
        options.append(option.item);
      }
      details.append(summary, options);
      target.append(details);
      familyParts.push({ details, selected, members });
    });
  }

  function updateOptionCounts(options, counts, hideZero, findText) {
    for (const option of options) {
      const n = counts[option.slot];
      if (n !== option.last) {
        option.count.textContent = numbers.format(n);
        option.count.setAttribute('aria-label', numbers.format(n) + (n === 1 ? ' case' : ' cases'));
        option.last = n;
      }
      const on = option.flags[option.slot] === 1;
      if (option.input.checked !== on) {
        option.input.checked = on;
      }
      option.item.classList.toggle('zero', n === 0 && !on);
      const found = findText === undefined || findText === '' || option.find.includes(findText);
      option.item.hidden = (hideZero && n === 0 && !on) || !found;
    }
  }

  function renderFilters() {
    updateOptionCounts(industryOptions, industryCounts, false);
    updateOptionCounts(yearOptions, yearCounts, false);
    const findText = fold(tagFind.value.trim());
    updateOptionCounts(tagOptions, tagCounts, true, findText);
    for (const part of familyParts) {
      const chosen = part.members.filter((o) => o.flags[o.slot] === 1).length;
      part.selected.textContent = chosen > 0 ? '· ' + chosen + ' selected' : '';
      part.details.hidden = part.members.every((o) => o.item.hidden);
      if (findText !== '') {
        part.details.open = true;
      }
    }
    for (const input of modeInputs) {
      input.checked = input.value === state.mode;
    }
  }

  function renderActive() {
    activeList.replaceChildren();
    const add = (label, clear) => {
      const item = el('li');
      const button = el('button', '', '× ' + label);
      button.type = 'button';
      button.setAttribute('aria-label', 'Remove filter: ' + label);
      button.addEventListener('click', () => {
        clear();
        state.shown = PAGE_SIZE;
        refresh();
      });
      item.append(button);
      activeList.append(item);
    };
    for (const option of industryOptions.concat(yearOptions, tagOptions)) {
      if (option.flags[option.slot] === 1) {
        add(option.label, () => {
          option.flags[option.slot] = 0;
        });
      }
    }
    clearButton.hidden = activeList.childElementCount === 0 && state.q === '';
  }

  function renderList() {
    list.replaceChildren();
    const end = Math.min(results.length, state.shown);
    const fragment = document.createDocumentFragment();
    for (let k = 0; k < end; k++) {
      fragment.append(renderCard(results[k]));
    }
    list.append(fragment);
    empty.hidden = results.length > 0;
    const rest = results.length - end;
    more.hidden = rest <= 0;
    more.textContent = 'Show ' + numbers.format(Math.min(rest, PAGE_SIZE)) + ' more';
    const filtered = total !== N;
    countLine.textContent = filtered
      ? numbers.format(total) + ' of ' + numbers.format(N) + (N === 1 ? ' case' : ' cases')
      : numbers.format(N) + (N === 1 ? ' case' : ' cases');
    countLine.dataset.total = String(total);
    sortSelect.value = state.sort;
  }

  // Applies the state: filter, count, render, and write the URL.
  function refresh() {
    performance.mark('llmops-refresh-start');
    filter();
    renderFilters();
    renderActive();
    renderList();
    writeUrl();
    performance.measure('llmops-refresh', 'llmops-refresh-start');
  }

  // ---- The detail view.

  function addField(dl, name, value) {
    if (value === undefined || value === null || value === '') {
      return;
    }
    dl.append(el('dt', '', name), el('dd', '', value));
  }

  function sourceItem(text, label) {
    const item = el('li');
    const href = webUrl(text);
    if (href !== null) {
      const a = el('a', '', text);
      a.href = href;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      item.append(a);
    } else {
      item.append(el('span', 'not-link', text), ' (not a web link)');
    }
    if (label) {
      item.append(' ', el('span', 'option-count', label));
    }
    return item;
  }

  function renderDetail(i) {
    const c = cases[i];
    document.getElementById('detail-title').textContent = titleOf(c);
    const body = document.getElementById('detail-body');
    body.replaceChildren();
    const dl = el('dl');
    addField(dl, 'Company', c.company);
    addField(dl, 'Industry', industryLabel(c));
    addField(dl, 'Year', typeof c.year === 'number' ? String(c.year) : 'unknown');
    addField(dl, 'Status', c.status);
    addField(dl, 'Catalogued', c.created);
    addField(dl, 'Id', c.id);
    addField(dl, 'File', c.path);
    body.append(dl);

    const sources = [];
    if (c.url) {
      sources.push([c.url, 'source']);
    }
    for (const s of Array.isArray(c.sources) ? c.sources : []) {
      sources.push([s, '']);
    }
    if (sources.length > 0) {
      body.append(el('h3', '', sources.length === 1 ? 'Source' : 'Sources'));
      const ul = el('ul', 'sources');
      for (const [text, label] of sources) {
        ul.append(sourceItem(text, sources.length > 1 ? label : ''));
      }
      body.append(ul);
    }
    if (c.summary) {
      body.append(el('h3', '', 'Summary'), el('p', 'long', c.summary));
    }
    if (c.notes) {
      body.append(el('h3', '', 'Notes'), el('p', 'long', c.notes));
    }
    const own = tagsOf[i];
    if (own.length > 0) {
      body.append(el('h3', '', 'Tags'));
      const grid = el('div', 'family-tags');
      families.forEach((family, rank) => {
        const mine = own.filter((slot) => tags[slot].family === rank);
        if (mine.length === 0) {
          return;
        }
        const chips = el('ul', 'tags');
        for (const slot of mine) {
          chips.append(el('li', state.tags[slot] === 1 ? 'chip selected' : 'chip', tags[slot].label));
        }
        grid.append(el('span', 'option-count', family.label), chips);
      });
      body.append(grid);
    }
  }

  let returnFocus = null;

  function openDetail(i) {
    state.open = i;
    renderDetail(i);
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
    }
    writeUrl();
  }

  dialog.addEventListener('close', () => {
    state.open = -1;
    writeUrl();
    if (returnFocus && document.contains(returnFocus)) {
      returnFocus.focus();
    }
    returnFocus = null;
  });
  document.getElementById('detail-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) {
      dialog.close(); // a click on the backdrop
    }
  });

  list.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-index]');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; // other clicks open the link's URL in a new tab, which restores the same view
    }
    event.preventDefault();
    openDetail(Number(link.dataset.index));
  });

  // ---- Controls.

  let typingTimer = 0;
  function applySearch() {
    clearTimeout(typingTimer);
    if (searchInput.value === state.q) {
      return;
    }
    state.q = searchInput.value;
    state.shown = PAGE_SIZE;
    computeSearch();
    refresh();
  }
  searchInput.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(applySearch, TYPING_DELAY_MS);
  });
  searchInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      applySearch();
    }
  });
  searchInput.addEventListener('search', applySearch);

  sortSelect.addEventListener('change', () => {
    state.sort = sortSelect.value;
    state.shown = PAGE_SIZE;
    refresh();
  });
  for (const input of modeInputs) {
    input.addEventListener('change', () => {
      if (input.checked) {
        state.mode = input.value === 'or' ? 'or' : 'and';
        state.shown = PAGE_SIZE;
        refresh();
      }
    });
  }
  tagFind.addEventListener('input', renderFilters);
  clearButton.addEventListener('click', () => {
    state.q = '';
    searchInput.value = '';
    state.tags.fill(0);
    state.industries.fill(0);
    state.years.fill(0);
    state.shown = PAGE_SIZE;
    computeSearch();
    refresh();
    searchInput.focus();
  });
  more.addEventListener('click', () => {
    const first = Math.min(results.length, state.shown);
    state.shown += PAGE_SIZE;
    const end = Math.min(results.length, state.shown);
    const fragment = document.createDocumentFragment();
    for (let k = first; k < end; k++) {
      fragment.append(renderCard(results[k]));
    }
    list.append(fragment);
    const rest = results.length - end;
    more.hidden = rest <= 0;
    more.textContent = 'Show ' + numbers.format(Math.min(rest, PAGE_SIZE)) + ' more';
    const next = list.children[first];
    if (next) {
      next.querySelector('a').focus();
    }
  });
  filtersToggle.addEventListener('click', () => {
    const open = filtersPanel.classList.toggle('open');
    filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (event.key === '/' && !typing && !dialog.open) {
      event.preventDefault();
      searchInput.focus();
    }
  });

  // The URL holds the state: read it now, and again when it changes (a pasted link, back/forward).
  function applyUrl() {
    readUrl();
    searchInput.value = state.q;
    computeSearch();
    refresh();
    if (state.open >= 0) {
      openDetail(state.open);
    } else if (dialog.open) {
      dialog.close();
    }
  }
  window.addEventListener('hashchange', applyUrl);
  applyUrl();
  document.documentElement.dataset.ready = 'true';
})();
