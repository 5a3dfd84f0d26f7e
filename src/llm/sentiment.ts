/**
 * A small word-list sentiment score for NPC replies, -1 (cold) to 1 (warm).
 * It only has to nudge affinity the right way; a model-based classifier
 * would cost a call per message for little gain.
 */
const WARM = new Set(
  'love loved lovely great glad happy proud wonderful thanks thank sweet smile miss amazing fun good nice best dear treat yes enjoy hug kind'.split(
    ' ',
  ),
);
const COLD = new Set(
  'hate angry annoyed busy later whatever no never sad upset bad awful tired leave alone stop disappointed ugh boring worse worst'.split(
    ' ',
  ),
);

export function sentiment(text: string): number {
  let warm = 0;
  let cold = 0;
  for (const word of text.toLowerCase().match(/[a-z']+/g) ?? []) {
    if (WARM.has(word)) warm++;
    else if (COLD.has(word)) cold++;
  }
  return warm + cold === 0 ? 0 : (warm - cold) / (warm + cold);
}

/** How a reply moves the relationship: affinity by sentiment (±5), familiarity +5..10 for talking. */
export function relationshipEffect(replySentiment: number): {
  affinity: number;
  familiarity: number;
} {
  return {
    affinity: Math.round(replySentiment * 5),
    familiarity: 5 + Math.round(Math.abs(replySentiment) * 5),
  };
}
