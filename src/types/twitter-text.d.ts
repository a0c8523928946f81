declare module 'twitter-text' {
  interface ParseTweetConfig {
    version?: number;
    maxWeightedTweetLength: number;
    scale: number;
    defaultWeight: number;
    emojiParsingEnabled?: boolean;
    transformedURLLength: number;
    ranges: Array<{ start: number; end: number; weight: number }>;
  }
  interface ParsedTweet {
    weightedLength: number;
    valid: boolean;
    permillage: number;
    validRangeStart: number;
    validRangeEnd: number;
    displayRangeStart: number;
    displayRangeEnd: number;
  }
  interface UrlEntity {
    url: string;
    indices: [number, number];
  }
  const twitterText: {
    parseTweet(text: string, config?: ParseTweetConfig): ParsedTweet;
    configs: { defaults: ParseTweetConfig; version3: ParseTweetConfig };
    extractUrlsWithIndices(text: string): UrlEntity[];
  };
  export default twitterText;
}
