// Package story groups posts that say the same thing into stories.
//
// Each post gets a fingerprint: its exact content hash, its canonical URL,
// and a MinHash signature over word shingles of its folded text (case,
// diacritics and punctuation removed, so "Tin GIẢ!" and "tin gia" agree).
// An [Index] places posts online: a post joins the story of an earlier post
// with the same content hash or the same canonical URL, else the story whose
// representative posts it resembles above a threshold of estimated Jaccard
// similarity, found through LSH band tables so that placement is sub-linear;
// otherwise it starts a story of its own. A story's id is the id of the post
// that started it.
//
// The index lives in memory and is rebuilt from the store on start ([Load]);
// the store is the truth. [Stage] is the pipeline step that assigns newly
// stored posts and persists their stories.
package story
