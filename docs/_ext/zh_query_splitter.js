/* Chinese queries as readers type them (docs/_ext/editions.py, zh_search_stemmer). Sphinx's search
   page loads searchtools.js, then this file (in language_data.js), then the index. */
const zhSearch = { index: null, words: new Set(), longest: 1, query: [], headings: new Map() };

// The index's own words (jieba's, glossary terms whole), read once the index is loaded.
const zhVocabulary = () => {
  const index = typeof Search === "undefined" ? null : Search._index;
  if (!index || zhSearch.index === index) return zhSearch.index;
  const words = [...Object.keys(index.terms), ...Object.keys(index.titleterms)];
  zhSearch.words = new Set([...words, ...Object.keys(zhOtherNames)]);
  for (const word of zhSearch.words)
    if (/\p{Script=Han}/u.test(word)) zhSearch.longest = Math.max(zhSearch.longest, word.length);
  zhSearch.headings = new Map();
  for (const [heading, places] of Object.entries(index.alltitles))
    for (const [file] of places)
      zhSearch.headings.set(file, [...(zhSearch.headings.get(file) ?? []), heading.toLowerCase()]);
  return (zhSearch.index = index);
};

// A run of Chinese characters is cut by forward maximum matching over the index's words. A
// character that starts no word is left out: the index holds no one-character terms, and a term
// that no page has would leave the search with no result at all.
var splitQuery = (query) => {
  const known = zhVocabulary() !== null, terms = [];
  for (const part of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    for (const run of part.match(/\p{Script=Han}+|\P{Script=Han}+/gu) ?? []) {
      if (!known || !/\p{Script=Han}/u.test(run)) {
        terms.push(run);
        continue;
      }
      for (let start = 0, end; start < run.length; start = end) {
        end = Math.min(run.length, start + zhSearch.longest);
        while (end > start + 1 && !zhSearch.words.has(run.slice(start, end))) end--;
        const word = run.slice(start, end);
        if (zhSearch.words.has(word)) terms.push(zhOtherNames[word] ?? word);
      }
    }
  }
  return (zhSearch.query = terms);
};

if (typeof Search !== "undefined") {
  // Another name of a glossary term is searched as the site's term, in titles and index entries
  // too (they are matched against the whole query); zhOtherNames lists the longest names first.
  const parseQuery = Search._parseQuery;
  Search._parseQuery = (query) => {
    for (const [name, term] of Object.entries(zhOtherNames)) query = query.split(name).join(term);
    return parseQuery(query);
  };
  // A page found by its text for a Chinese query of several words ranks by all of them, not its
  // best one: each counts as a title word (in the page's title), a heading word or a text word,
  // and a heading that holds them all counts once more as a title.
  Scorer.score = (result) => {
    const [docname, , , , score, , kind] = result, words = zhSearch.query;
    const chinese = words.length > 1 && words.some((word) => /\p{Script=Han}/u.test(word));
    if (kind !== "text" || !chinese || zhVocabulary() === null) return score;
    const file = Search._index.docnames.indexOf(docname);
    const title = Search._index.titles[file].toLowerCase();
    const headings = zhSearch.headings.get(file) ?? [];
    const inHeading = (word) => headings.some((heading) => heading.includes(word));
    const each = words.map((word) =>
      title.includes(word) ? Scorer.title : inHeading(word) ? Scorer.partialTitle : Scorer.term,
    );
    const together = headings.some((heading) => words.every((word) => heading.includes(word)));
    return each.reduce((a, b) => a + b, 0) + (together ? Scorer.title : 0);
  };
}
