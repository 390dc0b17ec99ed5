// How the real APIs chunk their deltas, roughly: text by word (each piece carries its leading
// whitespace), JSON arguments at every word / punctuation boundary (`{"`, `location`, `":"`).
const WORDS = /\s*\S+|\s+/g;
const JSON_TOKENS = /\w+|\W+/g;

/** Split text into word-sized deltas whose concatenation is `text`. Empty text gives no deltas. */
export function splitText(text: string): string[] {
  return text.match(WORDS) ?? [];
}

/** Split a JSON text into argument deltas whose concatenation is `json`. */
export function splitJson(json: string): string[] {
  return json.match(JSON_TOKENS) ?? [];
}
