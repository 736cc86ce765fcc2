// Package text normalises, folds, tokenises and fingerprints the text of
// public posts, with Vietnamese treated as a first-class language.
//
// Every function accepts any string, including invalid UTF-8, and never
// panics; invalid byte sequences are replaced by U+FFFD in the output.
//
// The building blocks, from raw input to fingerprints:
//
//   - [NFC], [Lower], [NormalizeSpace]: canonical Unicode, case and spacing.
//   - [HTMLToText]: readable plain text from untrusted HTML.
//   - [ExtractURLs], [CanonicalURL]: links found in text, in one canonical form.
//   - [Fold]: case and diacritic folding for search (giả -> gia, Đà Nẵng -> da nang).
//   - [Tokens], [Words]: syllable/word tokens, with or without stop words.
//   - [Shingles], [ShingleHashes]: n-gram shingles for MinHash, with a fixed-seed hash.
//   - [DetectLang]: a small vi/en/other heuristic that also knows unaccented Vietnamese.
//   - [ContentHash]: a hash of the normalised text for exact-duplicate detection.
package text
