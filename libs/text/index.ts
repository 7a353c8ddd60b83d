export * from './fold';
export {
  SEARCH_KEY_VERSION,
  searchKey,
  searchTokens,
  searchQueryTokens,
  searchTokenSpans,
  type SearchTokenSpan,
} from './search-key';
